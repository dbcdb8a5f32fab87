/** 書類: 納品書の税率別内訳・ギフト納品書・領収書 */
export const ja = {
  'documents.placeholder': '',
};

export const en: Record<keyof typeof ja, string> = {
  'documents.placeholder': '',
};
