export { toBase64Url, fromBase64Url, CryptoFormatError } from './encoding';
export { generateKeyPair, exportPublicKey, importPublicKey, fingerprint, keyId } from './keys';
export { seal, open, sealPrivateKey, openPrivateKey, programKeyContext } from './seal';
export { sealCodeWord, codeWordMatches, normalizeCodeWord, codeWordContext, CodeWordLengthError, CODE_WORD_MAX_BYTES } from './code-word';
export {
  PBKDF2_ITERATIONS,
  newSalt,
  derivePasswordKeys,
  wrapPrivateKey,
  unwrapPrivateKey,
  rewrapPrivateKey,
  type PasswordKeys,
} from './password';
export {
  SENDERS,
  deriveConversationKeys,
  encryptMessage,
  decryptMessage,
  messageAad,
  paddedLength,
  MAX_PADDED_BYTES,
  MessageTooLongError,
  type Sender,
  type ConversationKeys,
  type MessageBody,
} from './conversation';
export { exportInterpreterKeys, importInterpreterKeys, INTERPRETER_KEYS_BYTES } from './interpreter';
