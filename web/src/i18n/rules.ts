/** 自動処理ルールの画面 (the order rules screen) */
export const ja = {
  'rules.placeholder': '',
};

export const en: Record<keyof typeof ja, string> = {
  'rules.placeholder': '',
};
