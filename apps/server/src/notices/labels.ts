import type { PreChatLabels } from '@lantern/protocol';

/**
 * The participant page's words around the notices (headings and buttons), served with the
 * notices so the page's first screen stays small. A language without its own falls back to English.
 */
const LABELS: Record<string, PreChatLabels> = {
  en: {
    heading: 'Before you start',
    understand: 'I understand',
    yes: 'Yes',
    no: 'No',
    saferHeading: 'Safer ways to reach us',
    continueHere: 'Continue here',
    question: 'Optional question {n} of {total}',
    why: 'Why we ask:',
    next: 'Next',
    skip: 'Skip',
  },
  fr: {
    heading: 'Avant de commencer',
    understand: 'J’ai compris',
    yes: 'Oui',
    no: 'Non',
    saferHeading: 'Des moyens plus sûrs de nous joindre',
    continueHere: 'Continuer ici',
    question: 'Question facultative {n} sur {total}',
    why: 'Pourquoi nous demandons :',
    next: 'Suivant',
    skip: 'Passer',
  },
  ar: {
    heading: 'قبل أن تبدأ',
    understand: 'فهمت',
    yes: 'نعم',
    no: 'لا',
    saferHeading: 'طرق أكثر أمانًا للتواصل معنا',
    continueHere: 'المتابعة هنا',
    question: 'سؤال اختياري {n} من {total}',
    why: 'لماذا نسأل:',
    next: 'التالي',
    skip: 'تخطٍّ',
  },
};

export const preChatLabels = (language: string): PreChatLabels => LABELS[language] ?? LABELS.en!;
