/** 返品・交換 (returns and exchanges) */
export const ja = {
  'returns.placeholder': '',
};

export const en: Record<keyof typeof ja, string> = {
  'returns.placeholder': '',
};
