/**
 * Lab tooling that works on in-memory files, safe for the browser: the manifest schema with its
 * friendly errors, grading and self-verification. Disk access lives in ./load, the worker-thread
 * runner in ./isolate and the CLI in ./cli (all three Node-only, imported by path).
 */
export {
  checkHints,
  checkLabFiles,
  formatLabIssues,
  formatPath,
  LabManifestError,
  labManifestSchema,
  parseLabManifest,
  parseLabManifestText,
  type LabFileIndex,
  type LabIssue,
  type LabManifest,
  type Mistake,
} from './manifest';
export {
  allPassed,
  buildLabApp,
  buildProblem,
  formatLabReport,
  gradeLab,
  labCheckConfig,
  verifyLab,
  type BuildProblem,
  type Grade,
  type GradeLogs,
  type GradeOptions,
  type Lab,
  type LabFiles,
  type LabReport,
  type ServeOptions,
  type VariantKind,
  type VerifyOptions,
  type VariantReport,
} from './verify';
