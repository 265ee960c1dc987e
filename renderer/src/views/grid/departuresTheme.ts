import {
  AllCommunityModule,
  ModuleRegistry,
  colorSchemeDark,
  themeQuartz,
} from 'ag-grid-community';

ModuleRegistry.registerModules([AllCommunityModule]);

/** Calm, dense dark theme: ~28 px rows, quiet borders, one accent for focus and selection. */
export const departuresTheme = themeQuartz.withPart(colorSchemeDark).withParams({
  backgroundColor: '#10151b',
  foregroundColor: '#d6dce3',
  accentColor: '#4e9be0',
  chromeBackgroundColor: '#151b22',
  headerBackgroundColor: '#151b22',
  headerTextColor: '#8c98a5',
  headerFontSize: 12,
  headerFontWeight: 600,
  borderColor: '#222a33',
  rowBorder: { color: '#1a2129' },
  columnBorder: false,
  headerColumnBorder: { color: '#222a33' },
  oddRowBackgroundColor: '#121820',
  rowHoverColor: 'rgba(78, 155, 224, 0.07)',
  selectedRowBackgroundColor: 'rgba(78, 155, 224, 0.17)',
  fontFamily: 'var(--font-ui)',
  fontSize: 13,
  rowHeight: 28,
  headerHeight: 32,
  spacing: 4,
  cellHorizontalPadding: 8,
  wrapperBorder: false,
  wrapperBorderRadius: 0,
  valueChangeValueHighlightBackgroundColor: 'rgba(227, 169, 43, 0.42)',
  browserColorScheme: 'dark',
});
