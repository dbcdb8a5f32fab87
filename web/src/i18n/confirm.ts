/** 確認ダイアログ (confirmation before anything destructive) */
export const ja = {
  'confirm.placeholder': '',
};

export const en: Record<keyof typeof ja, string> = {
  'confirm.placeholder': '',
};
