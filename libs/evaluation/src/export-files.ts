import ExcelJS from 'exceljs';
import { BREAKDOWN_DEFINITIONS, INDICATORS, SCALAR_INDICATORS } from './catalogue';
import { ExportFormat } from './entities';
import { EvaluationReport } from './report';

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

export const exportFilename = (district: string, term: string, format: ExportFormat): string =>
  `bosam-utvardering-${district}-${term}.${format}`.replace(/[^A-Za-z0-9._-]/g, '_');

const HEADER = ['Avsnitt', 'Indikator', 'Värde', 'Mål', 'Uppfyllt'];
const DECISION_HEADER = ['Beslut', 'Ansvarig', 'Klart senast'];
const SUPPRESSION_NOTE = 'Antal 1–4 visas som "<5", liksom medianer, andelar och summor som bygger på färre än fem hushåll.';

const yesNo = (met: boolean | null): string => (met === null ? '' : met ? 'Ja' : 'Nej');

/** A cell that Excel would read as a formula is written as text (CSV injection). */
function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : typeof value === 'number' ? String(value).replace('.', ',') : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Semicolons, decimal commas and a byte-order mark: how Swedish Excel opens a CSV file. */
export function renderCsv(report: EvaluationReport): Buffer {
  const lines = [
    [`Bosam – terminsutvärdering ${report.term}`, `${report.district}`, `${report.from} – ${report.to}`, '', ''],
    HEADER,
    ...report.rows.map((r) => [r.section, r.label, r.value, r.target ?? '', yesNo(r.met)]),
    [],
    DECISION_HEADER,
    ...report.decisions.map((d) => [d.text, d.owner, d.dueOn]),
    [],
    [SUPPRESSION_NOTE],
  ];
  return Buffer.from(`\uFEFF${lines.map((line) => line.map(csvCell).join(';')).join('\r\n')}\r\n`, 'utf8');
}

export function renderJson(report: EvaluationReport): Buffer {
  const definitions = {
    ...Object.fromEntries(SCALAR_INDICATORS.map((name) => [name, INDICATORS[name].definition])),
    ...BREAKDOWN_DEFINITIONS,
  };
  return Buffer.from(JSON.stringify({ ...report, suppression: SUPPRESSION_NOTE, definitions }, null, 2), 'utf8');
}

export async function renderXlsx(report: EvaluationReport): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Bosam';
  const sheet = workbook.addWorksheet('Indikatorer');
  sheet.addRow([`Bosam – terminsutvärdering ${report.term}`, report.district, `${report.from} – ${report.to}`]);
  sheet.addRow(HEADER).font = { bold: true };
  for (const r of report.rows) sheet.addRow([r.section, r.label, r.value, r.target ?? '', yesNo(r.met)]);
  sheet.addRow([]);
  sheet.addRow([SUPPRESSION_NOTE]);
  sheet.columns.forEach((column, i) => (column.width = [28, 60, 12, 14, 10][i]));

  const decisions = workbook.addWorksheet('Beslut');
  decisions.addRow(DECISION_HEADER).font = { bold: true };
  for (const d of report.decisions) decisions.addRow([d.text, d.owner, d.dueOn]);
  decisions.columns.forEach((column, i) => (column.width = [60, 24, 14][i]));

  const definitions = workbook.addWorksheet('Definitioner');
  definitions.addRow(['Indikator', 'Definition']).font = { bold: true };
  for (const name of SCALAR_INDICATORS) definitions.addRow([INDICATORS[name].label, INDICATORS[name].definition]);
  definitions.columns.forEach((column, i) => (column.width = [50, 100][i]));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export async function renderExport(report: EvaluationReport, format: ExportFormat): Promise<Buffer> {
  switch (format) {
    case 'csv':
      return renderCsv(report);
    case 'json':
      return renderJson(report);
    case 'xlsx':
      return renderXlsx(report);
  }
}
