import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CodeWordIssued, CodeWordRecord, ErrorReply, IssueCodeWord, LookupCodeWord, SetCodeWord } from '@lantern/protocol';
import type { CodeWords } from '../code-words/service';
import type { Accounts } from '../staff/accounts';
import { requireStaff } from './staff-auth';

export interface CodeWordRoutesOptions {
  codeWords: CodeWords;
  accounts: Accounts;
}

const errors = { '4xx': ErrorReply, '5xx': ErrorReply } as const;

/** References in bodies, never in paths: a proxy's access log keeps paths. */
export const codeWordRoutes: FastifyPluginAsyncTypebox<CodeWordRoutesOptions> = async (app, { codeWords, accounts }) => {
  app.post(
    '/api/code-words',
    { onRequest: requireStaff(accounts), schema: { body: IssueCodeWord, response: { 201: CodeWordIssued, ...errors } } },
    async (request, reply) => {
      const staff = { staffId: request.staff!.id, displayName: request.staff!.display_name };
      return reply.code(201).send(await codeWords.issue(staff, request.body));
    },
  );

  app.post(
    '/api/code-words/lookup',
    { onRequest: requireStaff(accounts), schema: { body: LookupCodeWord, response: { 200: CodeWordRecord, ...errors } } },
    async (request) => codeWords.lookup({ staffId: request.staff!.id, displayName: request.staff!.display_name }, request.body),
  );

  // The participant's page: the one-time token is the authority, so no session is involved.
  app.post('/api/code-words/set', { schema: { body: SetCodeWord, response: { 204: Type.Null(), ...errors } } }, async (request, reply) => {
    await codeWords.set(request.body);
    return reply.code(204).send(null);
  });
};
