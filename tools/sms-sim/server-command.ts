/** What the simulator tells the person to run the server with; PORT included, so the server listens where PUBLIC_URL and the webhooks say. */
export interface ServerSettings {
  /** Where the simulator posts: the server's own address. */
  lantern: string;
  publicUrl: string;
  accountSid: string;
  authToken: string;
  programNumber: string;
  apiUrl: string;
}

export function serverCommand(s: ServerSettings): string {
  const url = new URL(s.lantern);
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return [
    `  PORT=${port} TWILIO_ACCOUNT_SID=${s.accountSid} TWILIO_AUTH_TOKEN=${s.authToken} \\`,
    `  TWILIO_FROM=${s.programNumber} TWILIO_API_BASE=${s.apiUrl} PUBLIC_URL=${s.publicUrl} npm start`,
  ].join('\n');
}
