/** The first message labs/sandbox sends its child: the lab to serve (every later one is a labs/isolate ToWorker). */
import type { HostOptions } from '../isolate/host';
import type { Lab } from '../verify';

export interface ChildInit {
  type: 'init';
  lab: Lab;
  options: HostOptions;
}
