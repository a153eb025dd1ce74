// The generated reports behind the import test's office files (make-import-fixtures.ts writes them): the agency and
// year each was generated for (the ground truth; the documents print the year but not the agency) and its formats.
export const FIXTURES: readonly { name: string; seed: number; agency: string; year: number; formats: readonly string[] }[] = [
  { name: 'lucheng-2021', seed: 1801, agency: '北京市通州区潞城镇人民政府', year: 2021, formats: ['html', 'docx'] },
  { name: 'songzhuang-2022', seed: 1802, agency: '北京市通州区宋庄镇人民政府', year: 2022, formats: ['html', 'doc'] },
  { name: 'majuqiao-2021', seed: 1803, agency: '北京市通州区马驹桥镇人民政府', year: 2021, formats: ['html', 'pdf'] },
];
