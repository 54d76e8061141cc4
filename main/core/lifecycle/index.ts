export {
  createLifecycle,
  type Lifecycle,
  type LifecycleSnapshot,
  type LifecycleState,
} from './create-lifecycle';
export {
  AlreadyRunningError,
  RUN_FILE_NAME,
  claimRunFile,
  isProcessAlive,
  readRunFile,
  releaseRunFile,
  runFilePath,
  updateRunFile,
  type RunFileState,
  type RunInfo,
} from './run-file';
