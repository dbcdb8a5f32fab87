/** 配送会社の設定と出力前チェック (carrier settings and the pre-export check) */
export const ja = {
  'carrier.placeholder': '',
};

export const en: Record<keyof typeof ja, string> = {
  'carrier.placeholder': '',
};
