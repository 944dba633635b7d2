/**
 * "How this chat works and what we keep": a small page made on the server from the settings in
 * force (retention, channels, the rights notice), in the participant's language. It wears the
 * participant page's stylesheet and gets its quick exit from a small script of its own (the
 * build's `about` mode, apps/chat/src/about.ts), both with Subresource Integrity; before and
 * without that script, its Exit is a link through /bye.
 */
import { scriptJson } from '../http/script-json';

export interface AboutFacts {
  language: string;
  title: string;
  /** Days a closed conversation's ciphertext is kept; 0: erased at close. */
  retentionDays: number;
  /** The SMS providers set up (their names), empty when there is no text line. */
  smsProviders: string[];
  /** The rights notice in this language, as participants see it. */
  rights: string;
  chatPath: string;
  /** Where quick exit lands, through /bye. */
  exitUrl: string;
  /** The built stylesheet and script tags (readAboutAssets); empty before a build, when the page is plain. */
  assets: string;
}

interface Words {
  heading: string;
  intro: string;
  backToChat: string;
  exit: string;
  /** The Shift countdown, as the participant page says it (apps/chat/src/i18n): 1 more press, 2 more presses. */
  pressMore: [string, string];
  leaving: string;
  readHeading: string;
  read: string;
  hostHeading: string;
  hostSees: string;
  hostNever: string;
  keepHeading: string;
  keepNothing: string;
  keepDays: (days: number) => string;
  counts: string;
  deviceHeading: string;
  device: string;
  smsHeading: string;
  sms: (providers: string) => string;
  exitHeading: string;
  exitHow: string;
  rightsHeading: string;
}

const WORDS: Record<string, Words> = {
  en: {
    heading: 'How this chat works and what we keep',
    intro: 'This page describes this chat as it is set up today.',
    backToChat: 'Back to the chat',
    exit: 'Exit',
    pressMore: ['Press Shift 1 more time to leave this page.', 'Press Shift 2 more times to leave this page.'],
    leaving: 'Leaving this page.',
    readHeading: 'Who can read your messages',
    read: 'Your messages are encrypted in your browser before they leave it. Only the program’s staff can open them. The computer that runs this chat (the host) passes them on but cannot read them.',
    hostHeading: 'What the host can see',
    hostSees: 'That a chat took place: when it started and ended, how long it waited, how many messages it had and the language you chose.',
    hostNever: 'It never sees the words. Your network address is used only to deliver messages: it is not stored or written to any log, and neither is your browser or device.',
    keepHeading: 'What we keep',
    keepNothing: 'When a chat ends, no one can open its messages again, not us and not whoever runs our server: the key that locks them existed only in your browser and ours while you talked. The locked copies are deleted too.',
    keepDays: (days) => `When a chat ends, its encrypted messages are kept for ${days === 1 ? '1 day' : `${days} days`}, then deleted. Only the program’s staff could open them in that time.`,
    counts: 'Afterwards only counts remain, such as how many chats there were each hour, with nothing that says who.',
    deviceHeading: 'On your device',
    device: 'The chat page sets no cookies and saves nothing on your device: the chat lives in the page’s memory and is gone when it ends. Your browser’s history still shows that you visited; the chat page explains how to remove it.',
    smsHeading: 'Text messages',
    sms: (providers) => `You can also text us. Texts pass through your phone company and our text provider (${providers}), which can read them; we ask the provider to delete its copies when the conversation ends. Texts stay on your phone until you delete them.`,
    exitHeading: 'Leaving quickly',
    exitHow: 'On the chat page, press Exit or press the Shift key 3 times: the chat ends and another site opens in its place.',
    rightsHeading: 'What we tell you before a chat',
  },
  fr: {
    heading: 'Comment fonctionne cette discussion et ce que nous gardons',
    intro: 'Cette page décrit la discussion telle qu’elle est configurée aujourd’hui.',
    backToChat: 'Retour à la discussion',
    exit: 'Quitter',
    pressMore: ['Appuyez encore 1 fois sur Maj pour quitter cette page.', 'Appuyez encore 2 fois sur Maj pour quitter cette page.'],
    leaving: 'Fermeture de la page.',
    readHeading: 'Qui peut lire vos messages',
    read: 'Vos messages sont chiffrés dans votre navigateur avant d’en sortir. Seule l’équipe du programme peut les ouvrir. L’ordinateur qui fait fonctionner cette discussion (l’hébergeur) les transmet mais ne peut pas les lire.',
    hostHeading: 'Ce que l’hébergeur peut voir',
    hostSees: 'Qu’une discussion a eu lieu : quand elle a commencé et fini, combien de temps elle a attendu, combien de messages elle comptait et la langue choisie.',
    hostNever: 'Il ne voit jamais les mots. Votre adresse réseau sert seulement à acheminer les messages : elle n’est ni conservée ni écrite dans un journal, pas plus que votre navigateur ou votre appareil.',
    keepHeading: 'Ce que nous gardons',
    keepNothing: 'À la fin d’une discussion, plus personne ne peut en ouvrir les messages, ni nous ni qui héberge notre serveur : la clé qui les protège n’existait que dans votre navigateur et le nôtre pendant l’échange. Les copies chiffrées sont supprimées aussi.',
    keepDays: (days) => `À la fin d’une discussion, ses messages chiffrés sont gardés ${days === 1 ? '1 jour' : `${days} jours`}, puis supprimés. Seule l’équipe du programme pourrait les ouvrir pendant ce temps.`,
    counts: 'Ensuite, il ne reste que des totaux, par exemple le nombre de discussions par heure, sans rien qui dise qui.',
    deviceHeading: 'Sur votre appareil',
    device: 'La page de discussion ne dépose aucun cookie et n’enregistre rien sur votre appareil : la discussion vit dans la mémoire de la page et disparaît à la fin. L’historique de votre navigateur montre encore votre visite ; la page de discussion explique comment l’effacer.',
    smsHeading: 'Textos',
    sms: (providers) => `Vous pouvez aussi nous écrire par texto. Les textos passent par votre opérateur et par notre fournisseur de textos (${providers}), qui peuvent les lire ; nous demandons au fournisseur d’effacer ses copies à la fin de la conversation. Les textos restent sur votre téléphone tant que vous ne les supprimez pas.`,
    exitHeading: 'Partir vite',
    exitHow: 'Sur la page de discussion, appuyez sur Quitter ou appuyez 3 fois sur la touche Maj : la discussion se termine et un autre site s’ouvre à sa place.',
    rightsHeading: 'Ce que nous vous disons avant une discussion',
  },
  ar: {
    heading: 'كيف تعمل هذه المحادثة وما الذي نحتفظ به',
    intro: 'تصف هذه الصفحة المحادثة كما هي مُعدّة اليوم.',
    backToChat: 'العودة إلى المحادثة',
    exit: 'خروج',
    pressMore: ['اضغط على مفتاح Shift مرة أخرى لمغادرة هذه الصفحة.', 'اضغط على مفتاح Shift مرتين أخريين لمغادرة هذه الصفحة.'],
    leaving: 'جارٍ مغادرة هذه الصفحة.',
    readHeading: 'من يستطيع قراءة رسائلك',
    read: 'تُشفَّر رسائلك في متصفحك قبل أن تغادره. لا يستطيع فتحها إلا فريق البرنامج. الحاسوب الذي يشغّل هذه المحادثة (المُضيف) ينقلها لكنه لا يستطيع قراءتها.',
    hostHeading: 'ما الذي يراه المُضيف',
    hostSees: 'أن محادثة قد جرت: متى بدأت ومتى انتهت، وكم انتظرت، وعدد رسائلها، واللغة التي اخترتها.',
    hostNever: 'لا يرى الكلمات أبدًا. يُستخدم عنوان شبكتك لإيصال الرسائل فقط: لا يُحفظ ولا يُكتب في أي سجل، وكذلك متصفحك وجهازك.',
    keepHeading: 'ما الذي نحتفظ به',
    keepNothing: 'عند انتهاء المحادثة، لا يستطيع أحد فتح رسائلها بعد ذلك، لا نحن ولا من يشغّل خادمنا: المفتاح الذي يحميها كان موجودًا فقط في متصفحك ومتصفحنا أثناء المحادثة. وتُحذف النسخ المشفّرة أيضًا.',
    keepDays: (days) => `عند انتهاء المحادثة، تُحفظ رسائلها المشفّرة مدة ${arabicDays(days)} ثم تُحذف. لا يستطيع فتحها خلال ذلك إلا فريق البرنامج.`,
    counts: 'بعد ذلك لا يبقى إلا أعداد، مثل عدد المحادثات في كل ساعة، دون أي شيء يدل على هوية أحد.',
    deviceHeading: 'على جهازك',
    device: 'لا تضع صفحة المحادثة أي ملفات تعريف ارتباط ولا تحفظ شيئًا على جهازك: تعيش المحادثة في ذاكرة الصفحة وتزول عند انتهائها. يبقى في سجل متصفحك أنك زرت الصفحة؛ وتشرح صفحة المحادثة كيفية حذف ذلك.',
    smsHeading: 'الرسائل النصية',
    sms: (providers) => `يمكنك أيضًا مراسلتنا برسائل نصية. تمرّ الرسائل عبر شركة هاتفك ومزوّد الرسائل لدينا (${providers})، ويمكنهما قراءتها؛ ونطلب من المزوّد حذف نسخه عند انتهاء المحادثة. تبقى الرسائل على هاتفك حتى تحذفها.`,
    exitHeading: 'المغادرة بسرعة',
    exitHow: 'في صفحة المحادثة، اضغط «خروج» أو اضغط مفتاح Shift ثلاث مرات: تنتهي المحادثة ويُفتح موقع آخر مكانها.',
    rightsHeading: 'ما نخبرك به قبل المحادثة',
  },
};

/** Arabic counts: one, two (dual), 3 to 10 (plural), 11 and more (singular accusative). */
function arabicDays(days: number): string {
  if (days === 1) return 'يوم واحد';
  if (days === 2) return 'يومين';
  return days % 100 >= 3 && days % 100 <= 10 ? `${days} أيام` : `${days} يومًا`;
}

const RIGHT_TO_LEFT = ['ar', 'fa', 'he', 'ur'];
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
export function aboutPage(facts: AboutFacts): string {
  const language = WORDS[facts.language] ? facts.language : 'en';
  const w = WORDS[language]!;
  const dir = RIGHT_TO_LEFT.includes(language) ? 'rtl' : 'ltr';
  const p = (text: string) => `<p>${escapeHtml(text)}</p>`;
  const section = (heading: string, ...body: string[]) => `<h2>${escapeHtml(heading)}</h2>${body.join('')}`;
  const rights = facts.rights
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => `<p dir="auto">${escapeHtml(line)}</p>`);
  const config = scriptJson({ exitUrl: facts.exitUrl, pressMore: w.pressMore, leaving: w.leaving });
  return [
    '<!doctype html>',
    `<html lang="${language}" dir="${dir}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer"><meta name="color-scheme" content="light dark">',
    `<link rel="icon" href="data:,"><title>${escapeHtml(facts.title)}</title>`,
    `<script type="application/json" id="about-config">${config}</script>`,
    facts.assets,
    '</head>',
    '<body>',
    // The participant page's way out, before anything else and without the script.
    `<header class="top" id="top"><a class="exit" href="/bye">${escapeHtml(w.exit)}</a></header>`,
    '<main class="app about">',
    `<p><a id="back-to-chat" href="${escapeHtml(facts.chatPath)}">${escapeHtml(w.backToChat)}</a></p>`,
    `<h1>${escapeHtml(w.heading)}</h1>`,
    p(w.intro),
    section(w.readHeading, p(w.read)),
    section(w.hostHeading, p(w.hostSees), p(w.hostNever)),
    section(w.keepHeading, p(facts.retentionDays > 0 ? w.keepDays(facts.retentionDays) : w.keepNothing), p(w.counts)),
    section(w.deviceHeading, p(w.device)),
    facts.smsProviders.length > 0 ? section(w.smsHeading, p(w.sms(facts.smsProviders.join(', ')))) : '',
    section(w.exitHeading, p(w.exitHow)),
    section(w.rightsHeading, ...rights),
    '</main>',
    '<p id="announce" class="visually-hidden" aria-live="assertive" aria-atomic="true"></p>',
    '</body>',
    '</html>',
  ].join('\n');
}

/** "Exit" in a language the about page knows (English otherwise), for the link served in the participant page. */
export const exitLabel = (language: string): string => (WORDS[language] ?? WORDS.en!).exit;
