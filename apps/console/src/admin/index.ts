/*
 * The admin screens, built as a chunk of their own (app/admin-chunk.ts imports this module
 * dynamically): an advocate's console never downloads them.
 */
export { CannedLibrary } from './canned/CannedLibrary';
export { Notices } from './notices/Notices';
export { Program } from './program/Program';
export { RotationStatus, RotationWarning } from './staff/KeyRotation';
export { checkRotation } from './staff/rotation';
export { Staff } from './staff/Staff';
export { Statistics } from './statistics/Statistics';
