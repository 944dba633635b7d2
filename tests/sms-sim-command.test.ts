import { describe, expect, it } from 'vitest';
import { serverCommand } from '../tools/sms-sim/server-command';

const settings = { publicUrl: 'http://127.0.0.1:9090', accountSid: 'AC0', authToken: 't', programNumber: '+15005550006', apiUrl: 'http://127.0.0.1:8089' };

describe('npm run sms:sim: the server command it prints', () => {
  it('starts the server on the port the simulator posts to, not the default 8080', () => {
    const command = serverCommand({ ...settings, lantern: 'http://127.0.0.1:9090' });
    expect(command).toMatch(/(^|\s)PORT=9090\s/);
    expect(command).toContain('PUBLIC_URL=http://127.0.0.1:9090');
    expect(serverCommand({ ...settings, lantern: 'http://127.0.0.1:8080' })).toMatch(/(^|\s)PORT=8080\s/);
  });
});
