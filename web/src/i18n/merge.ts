/** 同梱・分割出荷 (merging orders and split shipments) */
export const ja = {
  'merge.placeholder': '',
};

export const en: Record<keyof typeof ja, string> = {
  'merge.placeholder': '',
};
