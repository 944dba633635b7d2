import type { NoticeSet } from '@lantern/protocol';

/**
 * The built-in notices, after BCSTH's and NNEDV's guides: tell people their rights and choices
 * up front (voluntary, what to share, third parties, mandatory reporting, what happens at the
 * end), check in about the device first, and offer safer ways when it is not safe. Short and
 * plain, as both guides ask. The English SMS texts are those of sms/notices.ts, so a program
 * that changes nothing sends what it sent before. `{program}` becomes the program's name.
 */
export const DEFAULT_NOTICES: Record<string, NoticeSet> = {
  en: {
    rights: [
      'Before we start, here are your rights and choices:',
      '• Using this chat is your choice. You can stop at any time.',
      '• You choose what to share. You do not have to give your name or answer any question.',
      '• We do not share what you tell us with anyone else without your agreement, unless the law requires it.',
      '• Our staff must report some situations, such as a child being harmed or someone in immediate danger. If you are not sure, ask us before you share details.',
      '• When the chat ends, it is erased from this page and from our server.',
    ].join('\n'),
    safetyQuestion: 'Is it safe for you to chat on this device right now?',
    // No "reach us another way:" here: the page lists the other ways under their own heading, and
    // only when the program has some (a program without ALTERNATIVES promised an empty list).
    safetyAdvice:
      'Someone may be able to see this device, or read it from somewhere else. If you can, use a device the other person cannot use or check, such as a library computer or a friend’s phone. Use a private (incognito) window, and delete this page from your history afterwards. If you still want to chat here, that is your choice.',
    closing: 'Thank you for reaching out. You can come back whenever you need to. If you are in danger right now, call your local emergency number.',
    smsStart:
      '{program}: you have reached our text line. Someone will answer soon. Anyone with this phone, or with its cloud backup (iCloud, Google), can read these texts. Text STOP at any time to stop.',
    smsEnd: '{program}: this conversation has ended. For your safety, delete this thread, and do not save this number under our name. You can text us again at any time.',
  },
  fr: {
    rights: [
      'Avant de commencer, voici vos droits et vos choix :',
      '• Cette discussion est volontaire. Vous pouvez arrêter à tout moment.',
      '• Vous choisissez ce que vous partagez. Vous n’avez pas à donner votre nom ni à répondre à une question.',
      '• Nous ne transmettons ce que vous nous dites à personne sans votre accord, sauf si la loi l’exige.',
      '• Notre équipe doit signaler certaines situations, par exemple un enfant maltraité ou une personne en danger immédiat. En cas de doute, posez-nous la question avant de donner des détails.',
      '• À la fin de la discussion, elle est effacée de cette page et de notre serveur.',
    ].join('\n'),
    safetyQuestion: 'Pouvez-vous discuter sans danger sur cet appareil en ce moment ?',
    safetyAdvice:
      'Quelqu’un peut peut-être voir cet appareil, ou le consulter à distance. Si vous le pouvez, utilisez un appareil que l’autre personne ne peut ni utiliser ni vérifier, par exemple un ordinateur de bibliothèque ou le téléphone d’une amie. Utilisez une fenêtre de navigation privée, puis effacez cette page de votre historique. Si vous voulez quand même discuter ici, c’est votre choix.',
    closing: 'Merci de nous avoir écrit. Vous pouvez revenir quand vous en avez besoin. Si vous êtes en danger maintenant, appelez le numéro d’urgence local.',
    smsStart:
      '{program} : vous avez joint notre ligne de textos. Quelqu’un va vous répondre bientôt. Toute personne qui a ce téléphone, ou sa sauvegarde en ligne (iCloud, Google), peut lire ces messages. Envoyez STOP à tout moment pour arrêter.',
    smsEnd:
      '{program} : cette conversation est terminée. Pour votre sécurité, supprimez ce fil de messages et n’enregistrez pas ce numéro sous notre nom. Vous pouvez nous écrire de nouveau à tout moment.',
  },
  ar: {
    rights: [
      'قبل أن نبدأ، إليك حقوقك وخياراتك:',
      '• استخدام هذه المحادثة اختياري، ويمكنك التوقف في أي وقت.',
      '• أنت من يختار ما يشاركه. لا يلزمك ذكر اسمك ولا الإجابة عن أي سؤال.',
      '• لا نشارك ما تخبرنا به مع أي أحد دون موافقتك، إلا إذا فرض القانون ذلك.',
      '• يجب على فريقنا الإبلاغ عن بعض الحالات، مثل تعرّض طفل للأذى أو وجود شخص في خطر مباشر. إن لم تكن متأكدًا، اسألنا قبل أن تشارك التفاصيل.',
      '• عند انتهاء المحادثة، تُمحى من هذه الصفحة ومن خادمنا.',
    ].join('\n'),
    safetyQuestion: 'هل من الآمن لك أن تتحدث على هذا الجهاز الآن؟',
    safetyAdvice:
      'قد يتمكن شخص ما من رؤية هذا الجهاز أو الاطلاع عليه عن بُعد. إن استطعت، استخدم جهازًا لا يستطيع الشخص الآخر استخدامه أو تفقّده، مثل حاسوب في مكتبة عامة أو هاتف صديقة. استخدم نافذة تصفح خاصة، ثم احذف هذه الصفحة من سجل التصفح. إن أردت المتابعة هنا رغم ذلك، فالقرار لك.',
    closing: 'شكرًا لتواصلك معنا. يمكنك العودة متى احتجت إلى ذلك. إذا كنت في خطر الآن، فاتصل برقم الطوارئ المحلي.',
    smsStart:
      '{program}: لقد وصلت إلى خط الرسائل النصية لدينا. سيرد عليك أحدنا قريبًا. يمكن لأي شخص لديه هذا الهاتف أو نسخته الاحتياطية على السحابة (iCloud أو Google) قراءة هذه الرسائل. أرسل STOP في أي وقت للتوقف.',
    smsEnd: '{program}: انتهت هذه المحادثة. حفاظًا على سلامتك، احذف سلسلة الرسائل هذه ولا تحفظ هذا الرقم باسمنا. يمكنك مراسلتنا مجددًا في أي وقت.',
  },
};

/** A language without built-in texts starts from English. */
export const defaultNotices = (language: string): NoticeSet => DEFAULT_NOTICES[language] ?? DEFAULT_NOTICES.en!;
