/**
 * The error a runtime throws for a learner mistake (a syntax error, an endless loop, a file that
 * threw while loading). Its `problem` is data the store shows; nothing crashed. Apart from
 * ../runtime (types only) because it is a value: the adapters and the store both need the class,
 * and a module that also held the adapter table would import the adapters that import it.
 */
import type { RuntimeProblem } from '../runtime';

export class RuntimeProblemError extends Error {
  constructor(readonly problem: RuntimeProblem) {
    super(problem.message);
    this.name = 'RuntimeProblemError';
  }
}
