export * from './primitives';
export * from './http';
export * from './frames';
export { parseClientFrame, type ParseResult } from './validate';
export * from './limits';
