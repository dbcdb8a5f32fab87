/** 受注の編集・手入力・キャンセル (the order desk's forms) */
export const ja = {
  'desk.placeholder': '',
};

export const en: Record<keyof typeof ja, string> = {
  'desk.placeholder': '',
};
