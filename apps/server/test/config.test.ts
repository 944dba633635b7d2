import { describe, expect, it } from 'vitest';
import { configFromEnv } from '../src/config';

describe('settings from the environment', () => {
  it('keeps ./data where `npm start` was typed, though npm runs the server from apps/server', () => {
    expect(configFromEnv({ INIT_CWD: '/srv/lantern' }).dataDir).toBe('/srv/lantern/data');
    expect(configFromEnv({ INIT_CWD: '/srv/lantern', DATA_DIR: 'state' }).dataDir).toBe('/srv/lantern/state');
    expect(configFromEnv({ INIT_CWD: '/srv/lantern', DATA_DIR: '/var/lib/lantern' }).dataDir).toBe('/var/lib/lantern');
  });

  it('has no metrics endpoint unless METRICS_PORT is set', () => {
    expect(configFromEnv({}).metrics).toBeUndefined();
    expect(configFromEnv({ METRICS_PORT: '9464', METRICS_TOKEN: 's3cret' }).metrics).toEqual({ port: 9464, host: '127.0.0.1', token: 's3cret' });
    expect(() => configFromEnv({ METRICS_PORT: 'yes' })).toThrow(/METRICS_PORT/);
  });

  it('refuses a port that is not one', () => {
    expect(() => configFromEnv({ PORT: 'eighty' })).toThrow(/PORT must be a port number/);
  });

  it('refuses a chat path that would hide one of the server’s own pages, and takes a plain one', () => {
    for (const taken of ['/interpret', '/interpret/x', '/about', '/bye', '/staff', '/api/chat']) {
      expect(() => configFromEnv({ CHAT_PATH: taken }), taken).toThrow(/CHAT_PATH/);
    }
    expect(configFromEnv({ CHAT_PATH: '/talk' }).chatPath).toBe('/talk');
  });
});
