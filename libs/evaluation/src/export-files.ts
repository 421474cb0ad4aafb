import ExcelJS from 'exceljs';
import { SUPPRESSED } from '@bosam/identity';
import { BREAKDOWN_DEFINITIONS, EVALUATION_DECISION_STATUS_SV, IndicatorMeasure, INDICATORS, SCALAR_INDICATORS } from './catalogue';
import { DecisionStatus, ExportFormat } from './entities';
import { EvaluationReport, ReportRow } from './report';

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

export const exportFilename = (district: string, term: string, format: ExportFormat): string =>
  `bosam-utvardering-${district}-${term}.${format}`.replace(/[^A-Za-z0-9._-]/g, '_');

const SUPPRESSION_NOTE =
  'Antal 1–4 visas som "<5" i kolumnen Undertryckt och lämnas tomma i kolumnen Värde, liksom medianer, andelar och summor som bygger på färre än fem hushåll.';
const MEASURE_SV: Record<IndicatorMeasure, string> = { count: 'antal', days: 'dagar', share: 'procent', sek: 'kronor' };
const yesNo = (met: boolean | null): string => (met === null ? '' : met ? 'Ja' : 'Nej');
const shown = (row: ReportRow): string => (row.suppressed ? SUPPRESSED : '');

/** The lines every sheet and the CSV start with: what, cut-off, whether the term is complete, suppression, warnings. */
function metaLines(report: EvaluationReport): string[][] {
  return [
    [`Bosam – terminsutvärdering ${report.term}`, report.district, `${report.from} – ${report.to}`],
    ['Brytdatum', report.reportDate],
    ['Status', report.statusText],
    ['Undertryckning', SUPPRESSION_NOTE],
    ['Varningar', report.warnings.length ? report.warnings.join(' ') : 'Inga'],
  ];
}

// ---- CSV: one table, Swedish number formats --------------------------------------------------

/** A number as Swedish Excel reads it: decimal comma, shares as percentages ("50,0 %"). */
function swedishNumber(value: number, measure: IndicatorMeasure): string {
  switch (measure) {
    case 'share':
      return `${(value * 100).toFixed(1).replace('.', ',')} %`;
    case 'sek':
      return value.toFixed(2).replace('.', ',');
    case 'days':
    case 'count':
      return String(value).replace('.', ',');
  }
}

/** A cell that Excel would read as a formula is written as text (CSV injection). */
function csvCell(value: string): string {
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const CSV_HEADER = ['Avsnitt', 'Indikator', 'Värde', 'Undertryckt', 'Enhet', 'Mål', 'Uppfyllt', 'Kommentar'];

/**
 * Semicolons, decimal commas and a byte-order mark: how Swedish Excel opens a CSV file. The header lines say the
 * cut-off and whether the term is complete; then one table (a filter on it works): every figure by topic, and the
 * decisions of this term and the one before with their status.
 */
export function renderCsv(report: EvaluationReport): Buffer {
  const figure = (r: ReportRow, label = r.label): string[] => [
    r.section,
    label,
    r.value === null ? '' : swedishNumber(r.value, r.measure),
    shown(r),
    MEASURE_SV[r.measure],
    r.target ?? '',
    yesNo(r.met),
    '',
  ];
  const lines: string[][] = [
    ...metaLines(report),
    [],
    CSV_HEADER,
    ...report.indicators.map((r) => figure(r)),
    ...report.bySource.map((r) => figure(r)),
    ...report.byLandlord.map((r) => figure(r)),
    ...report.byOutcome.map((r) => [...figure(r).slice(0, 7), r.keptHome ? 'Räknas som behållen bostad' : '']),
    ...report.units.map((r) => figure(r, `${r.unitName}: ${r.label}`)),
    ...report.decisions.map((d) => [
      `Beslut ${d.term}`,
      d.text,
      '',
      '',
      '',
      '',
      '',
      `Ansvarig: ${d.owner}. Klart senast ${d.dueOn}. Status: ${EVALUATION_DECISION_STATUS_SV[d.status]}.`,
    ]),
  ];
  return Buffer.from(`\uFEFF${lines.map((line) => line.map(csvCell).join(';')).join('\r\n')}\r\n`, 'utf8');
}

// ---- JSON ----------------------------------------------------------------------------------

export function renderJson(report: EvaluationReport): Buffer {
  const definitions = {
    ...Object.fromEntries(SCALAR_INDICATORS.map((name) => [name, INDICATORS[name].definition])),
    ...BREAKDOWN_DEFINITIONS,
  };
  const definitionsSv = Object.fromEntries(SCALAR_INDICATORS.map((name) => [name, INDICATORS[name].definitionSv]));
  return Buffer.from(JSON.stringify({ ...report, suppression: SUPPRESSION_NOTE, definitions, definitionsSv }, null, 2), 'utf8');
}

// ---- XLSX: a sheet per topic, frozen header, filters, numbers as numbers ----------------------

const NUMBER_FORMATS: Record<IndicatorMeasure, string> = { count: '#,##0', days: '0.0', share: '0.0%', sek: '#,##0.00 "kr"' };

/** A sheet with the meta lines, a bold frozen header row with a filter, and the rows; `numeric` columns get `formats`. */
function tableSheet(
  workbook: ExcelJS.Workbook,
  report: EvaluationReport,
  name: string,
  columns: Array<{ header: string; width: number }>,
  rows: Array<{ cells: Array<string | number | null>; format?: string; numericColumn?: number }>,
): void {
  const sheet = workbook.addWorksheet(name);
  for (const line of metaLines(report)) sheet.addRow(line);
  sheet.getRow(1).font = { bold: true, size: 13 };
  sheet.addRow([]);
  const headerRow = sheet.addRow(columns.map((c) => c.header));
  headerRow.font = { bold: true };
  const header = headerRow.number;
  for (const row of rows) {
    const added = sheet.addRow(row.cells.map((c) => (c === null ? undefined : c)));
    if (row.format && row.numericColumn !== undefined) added.getCell(row.numericColumn + 1).numFmt = row.format;
  }
  columns.forEach((c, i) => (sheet.getColumn(i + 1).width = c.width));
  sheet.views = [{ state: 'frozen', xSplit: 0, ySplit: header, topLeftCell: `A${header + 1}`, activeCell: `A${header + 1}` }];
  sheet.autoFilter = { from: { row: header, column: 1 }, to: { row: header + Math.max(rows.length, 1), column: columns.length } };
}

export async function renderXlsx(report: EvaluationReport): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Bosam';
  const figureRow = (r: ReportRow, first: Array<string | number | null>, tail: Array<string | number | null> = []) => ({
    cells: [...first, r.value, shown(r), ...tail],
    format: NUMBER_FORMATS[r.measure],
    numericColumn: first.length,
  });

  tableSheet(
    workbook,
    report,
    'Indikatorer',
    [
      { header: 'Avsnitt', width: 28 },
      { header: 'Indikator', width: 58 },
      { header: 'Värde', width: 14 },
      { header: 'Undertryckt', width: 12 },
      { header: 'Mål', width: 16 },
      { header: 'Uppfyllt', width: 10 },
    ],
    report.indicators.map((r) => figureRow(r, [r.section, r.label], [r.target ?? '', yesNo(r.met)])),
  );
  tableSheet(
    workbook,
    report,
    'Per källa',
    [
      { header: 'Källa', width: 40 },
      { header: 'Antal', width: 12 },
      { header: 'Undertryckt', width: 12 },
    ],
    report.bySource.map((r) => figureRow(r, [r.label])),
  );
  tableSheet(
    workbook,
    report,
    'Per hyresvärd',
    [
      { header: 'Hyresvärd', width: 40 },
      { header: 'Antal', width: 12 },
      { header: 'Undertryckt', width: 12 },
    ],
    report.byLandlord.map((r) => figureRow(r, [r.label])),
  );
  tableSheet(
    workbook,
    report,
    'Utfall',
    [
      { header: 'Utfall', width: 32 },
      { header: 'Antal', width: 12 },
      { header: 'Undertryckt', width: 12 },
      { header: 'Behållen bostad', width: 16 },
    ],
    report.byOutcome.map((r) => figureRow(r, [r.label], [r.keptHome ? 'Ja' : 'Nej'])),
  );
  tableSheet(
    workbook,
    report,
    'Enheter',
    [
      { header: 'Enhet', width: 10 },
      { header: 'Namn', width: 32 },
      { header: 'Mått', width: 28 },
      { header: 'Värde', width: 12 },
      { header: 'Undertryckt', width: 12 },
      { header: 'Mål', width: 16 },
      { header: 'Uppfyllt', width: 10 },
    ],
    report.units.map((r) => figureRow(r, [r.unit, r.unitName, r.label], [r.target ?? '', yesNo(r.met)])),
  );
  tableSheet(
    workbook,
    report,
    'Beslut',
    [
      { header: 'Termin', width: 10 },
      { header: 'Beslut', width: 60 },
      { header: 'Ansvarig', width: 24 },
      { header: 'Klart senast', width: 14 },
      { header: 'Status', width: 12 },
    ],
    report.decisions.map((d) => ({ cells: [d.term, d.text, d.owner, d.dueOn, EVALUATION_DECISION_STATUS_SV[d.status]] })),
  );
  tableSheet(
    workbook,
    report,
    'Definitioner',
    [
      { header: 'Indikator', width: 50 },
      { header: 'Definition', width: 100 },
      { header: 'Enhet', width: 10 },
    ],
    SCALAR_INDICATORS.map((name) => ({
      cells: [INDICATORS[name].label, INDICATORS[name].definitionSv, MEASURE_SV[INDICATORS[name].measure]],
    })),
  );
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
