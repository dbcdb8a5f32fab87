/** ピッキングリスト (個別・トータル) */
export const ja = {
  'picking.placeholder': '',
};

export const en: Record<keyof typeof ja, string> = {
  'picking.placeholder': '',
};
