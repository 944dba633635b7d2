/**
 * The library a new program starts with, as migration 0013 seeds it: short, plain texts for the
 * moments both guides name (NNEDV, BCSTH): rights and limits of confidentiality at the start, a
 * safety check, other help for someone this line is not for, a silent chat, a shift change, the
 * close. Admins edit them. Part of the migration, so history: a later change of seed is a new migration.
 */
export interface StandardText {
  title: string;
  text: string;
  language: 'en' | 'fr' | 'ar';
}

export const STANDARD_TEXTS: StandardText[] = [
  {
    language: 'en',
    title: 'Your rights',
    text: 'Before we go on: you choose what to share, and you can skip any question or stop at any time. This chat is private, end-to-end encrypted, and erased when it ends. The law may require us to report a few situations: you can ask me which ones before you tell me more. Any questions about this?',
  },
  {
    language: 'en',
    title: 'Safety check',
    text: 'Are you somewhere safe to chat right now? If someone may see your screen, you can press Exit at any time and the page will close. If you are in danger right now, please call your local emergency number.',
  },
  {
    language: 'en',
    title: 'Other help (outside what we do)',
    text: 'Thank you for reaching out. This line is for people affected by domestic or sexual violence, so we may not be the best help for what you are going through. If you are thinking about suicide or are in crisis, please call or text your local crisis line, or your emergency number if you are in danger right now.',
  },
  {
    language: 'en',
    title: 'Are you still there?',
    text: 'I have not heard from you for a little while. Are you still there? If I do not hear back in the next few minutes, I will close this chat. You are welcome to start a new one at any time.',
  },
  {
    language: 'en',
    title: 'Shift change',
    text: 'My shift is ending soon, so a colleague will continue this chat with you. They will say hello here when they join, and they can read what we have written so far.',
  },
  {
    language: 'en',
    title: 'Closing',
    text: 'Thank you for talking with me today. When this chat ends, it is erased from your screen and from our server. You can reach us again whenever we are open. Take care.',
  },
  {
    language: 'fr',
    title: 'Vos droits',
    text: 'Avant de continuer : vous choisissez ce que vous partagez, et vous pouvez passer une question ou arrêter à tout moment. Cette conversation est privée, chiffrée de bout en bout et effacée à la fin. La loi peut nous obliger à signaler certaines situations : vous pouvez me demander lesquelles avant d’en dire plus. Avez-vous des questions ?',
  },
  {
    language: 'fr',
    title: 'Vérifier la sécurité',
    text: 'Êtes-vous dans un endroit sûr pour discuter en ce moment ? Si quelqu’un risque de voir votre écran, vous pouvez appuyer sur Quitter à tout moment : la page se fermera. Si vous êtes en danger immédiat, appelez le numéro d’urgence local.',
  },
  {
    language: 'fr',
    title: 'Autre aide (hors de notre mission)',
    text: 'Merci de nous avoir écrit. Cette ligne s’adresse aux personnes touchées par la violence conjugale ou sexuelle ; nous ne sommes peut-être pas la meilleure aide pour ce que vous vivez. Si vous pensez au suicide ou êtes en crise, appelez ou écrivez à votre ligne de crise locale, ou au numéro d’urgence si vous êtes en danger immédiat.',
  },
  {
    language: 'fr',
    title: 'Toujours là ?',
    text: 'Je n’ai pas eu de vos nouvelles depuis un moment. Êtes-vous toujours là ? Sans réponse dans les prochaines minutes, je fermerai cette conversation. Vous pourrez en commencer une nouvelle à tout moment.',
  },
  {
    language: 'fr',
    title: 'Changement d’équipe',
    text: 'Mon service se termine bientôt : une ou un collègue va poursuivre cette conversation avec vous. Cette personne se présentera ici et pourra lire ce que nous avons écrit jusqu’à présent.',
  },
  {
    language: 'fr',
    title: 'Clôture',
    text: 'Merci d’avoir échangé avec moi aujourd’hui. À la fin, cette conversation est effacée de votre écran et de notre serveur. Vous pouvez nous recontacter pendant nos heures d’ouverture. Prenez soin de vous.',
  },
  {
    language: 'ar',
    title: 'حقوقك',
    text: 'قبل أن نتابع: أنت من يختار ما يشاركه، ويمكنك تخطي أي سؤال أو التوقف في أي وقت. هذه المحادثة خاصة ومشفّرة من طرف إلى طرف، وتُمحى عند انتهائها. قد يُلزمنا القانون بالإبلاغ عن بعض الحالات، ويمكنك أن تسألني عنها قبل أن تخبرني بالمزيد. هل لديك أي سؤال؟',
  },
  {
    language: 'ar',
    title: 'التحقق من السلامة',
    text: 'هل أنت في مكان آمن للمحادثة الآن؟ إذا كان أحد قد يرى شاشتك، يمكنك الضغط على زر «خروج» في أي وقت وستُغلق الصفحة. إذا كنت في خطر الآن، يُرجى الاتصال برقم الطوارئ المحلي.',
  },
  {
    language: 'ar',
    title: 'مساعدة أخرى (خارج نطاق عملنا)',
    text: 'شكرًا لتواصلك معنا. هذا الخط مخصص للأشخاص المتأثرين بالعنف الأسري أو الجنسي، وقد لا نكون أفضل مساعدة لما تمر به. إذا كنت تفكر في الانتحار أو تمر بأزمة، يُرجى الاتصال بخط الأزمات المحلي أو مراسلته، أو الاتصال برقم الطوارئ إذا كنت في خطر الآن.',
  },
  {
    language: 'ar',
    title: 'هل ما زلت هنا؟',
    text: 'لم يصلني منك شيء منذ قليل. هل ما زلت هنا؟ إذا لم يصلني رد خلال الدقائق القليلة القادمة، سأغلق هذه المحادثة. يمكنك بدء محادثة جديدة في أي وقت.',
  },
  {
    language: 'ar',
    title: 'تغيير المناوبة',
    text: 'تنتهي مناوبتي قريبًا، وسيتابع أحد زملائي هذه المحادثة معك. سيعرّف بنفسه هنا عند انضمامه، ويمكنه قراءة ما كتبناه حتى الآن.',
  },
  {
    language: 'ar',
    title: 'إنهاء المحادثة',
    text: 'شكرًا لحديثك معي اليوم. عند انتهاء هذه المحادثة تُمحى من شاشتك ومن خادمنا. يمكنك التواصل معنا مجددًا خلال ساعات عملنا. اعتنِ بنفسك.',
  },
];
