import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * Logs carry what an operator needs (route, status, timing, errors) and nothing about a
 * participant: no address, no user agent, no body, no token. Request objects are never logged;
 * these paths are redacted in case one slips into a log call.
 */
const REDACT = [
  'req',
  'request',
  'headers',
  'body',
  'token',
  'ip',
  'ips',
  'remoteAddress',
  '*.token',
  '*.body',
  '*.headers',
  '*.ip',
  '*.remoteAddress',
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACT, remove: true }, base: null }, destination);
}
