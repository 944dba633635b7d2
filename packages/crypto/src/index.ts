export { toBase64Url, fromBase64Url, utf8, fromUtf8, CryptoFormatError } from './encoding';
export { generateKeyPair, exportPublicKey, importPublicKey, fingerprint, keyId } from './keys';
export { importPrivateKeyPkcs8 } from './primitives';
export { seal, open, sealPrivateKey, openPrivateKey, programKeyContext } from './seal';
export { sealCodeWord, codeWordMatches, normalizeCodeWord, codeWordContext, CodeWordLengthError, CODE_WORD_MAX_BYTES } from './code-word';
export {
  PBKDF2_ITERATIONS,
  newSalt,
  derivePasswordKeys,
  wrapPrivateKey,
  unwrapPrivateKey,
  unwrapPrivateKeyBytes,
  publicKeyOfPkcs8,
  rewrapPrivateKey,
  type PasswordKeys,
} from './password';
export {
  SENDERS,
  deriveConversationKeys,
  deriveMessageKeys,
  encryptMessage,
  decryptMessage,
  messageAad,
  paddedLength,
  MAX_PADDED_BYTES,
  MessageTooLongError,
  type Sender,
  type ConversationKeys,
  type MessageBody,
  type MessageOrder,
} from './conversation';
export {
  SECRET_BYTES,
  newConversationSecret,
  sealSecretFromParticipant,
  openSecretGrant,
  secretGrantInfo,
  sealUnderSecret,
  openUnderSecret,
  sealTransferNote,
  openTransferNote,
  transferNoteContext,
  sealEscrow,
  openEscrow,
  escrowContext,
  keyPairMatches,
  type SecretGrantParties,
} from './secret';
export { exportInterpreterKeys, importInterpreterKeys, INTERPRETER_KEYS_BYTES } from './interpreter';
export { ConversationOrder, type OrderVerdict } from './order';
export { attestMemberKey, memberKeyAttested } from './attestation';
