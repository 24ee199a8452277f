/**
 * The guide's Grafana dashboard as code: 4 rows, 14 panels, with the guide's visualisations, thresholds and colours,
 * a datasource variable, and the `interval` and `model` variables. `npm run dashboard` writes it to
 * monitoring/grafana_dashboard_lunar.json; a test fails when the committed file differs.
 */

import { ReduceDataOptionsBuilder, BigValueGraphMode, BigValueColorMode, VizLegendOptionsBuilder, LegendDisplayMode, LegendPlacement } from '@grafana/grafana-foundation-sdk/common';
import {
  DashboardBuilder,
  DatasourceVariableBuilder,
  IntervalVariableBuilder,
  QueryVariableBuilder,
  RowBuilder,
  ThresholdsConfigBuilder,
  ThresholdsMode,
  VariableRefresh,
  VariableSort,
  type Dashboard,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as GaugePanel } from '@grafana/grafana-foundation-sdk/gauge';
import { PanelBuilder as PiePanel, PieChartType, PieChartLegendOptionsBuilder } from '@grafana/grafana-foundation-sdk/piechart';
import { DataqueryBuilder, PromQueryFormat } from '@grafana/grafana-foundation-sdk/prometheus';
import { PanelBuilder as StatPanel } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TablePanel } from '@grafana/grafana-foundation-sdk/table';
import { PanelBuilder as TimeseriesPanel } from '@grafana/grafana-foundation-sdk/timeseries';
import { PANEL_QUERIES as Q } from './panel-queries.js';

const DS = { type: 'prometheus', uid: '${datasource}' };

function query(expr: string, legend?: string, refId = 'A'): DataqueryBuilder {
  const q = new DataqueryBuilder().expr(expr).refId(refId).datasource(DS);
  return legend ? q.legendFormat(legend) : q;
}

/** Threshold steps: the first colour applies from -∞, each next one from its value. */
function thresholds(first: string, ...steps: [number, string][]): ThresholdsConfigBuilder {
  return new ThresholdsConfigBuilder()
    .mode(ThresholdsMode.Absolute)
    .steps([{ value: null, color: first }, ...steps.map(([value, color]) => ({ value, color }))]);
}

const bottomLegend = (): VizLegendOptionsBuilder =>
  new VizLegendOptionsBuilder().displayMode(LegendDisplayMode.List).placement(LegendPlacement.Bottom).showLegend(true);

/** One colour per source, the same on every panel that splits by source. */
export const SOURCE_COLOURS = { claude: 'blue', db_temporal: 'green', db_template: 'yellow', hardcoded: 'red' } as const;

function fixedColour(color: string): { id: string; value: unknown } {
  return { id: 'color', value: { mode: 'fixed', fixedColor: color } };
}

/** Overrides giving each source series its fixed colour. */
function sourceColours(): { matcher: { id: string; options: string }; properties: { id: string; value: unknown }[] }[] {
  return Object.entries(SOURCE_COLOURS).map(([source, colour]) => ({ matcher: { id: 'byName', options: source }, properties: [fixedColour(colour)] }));
}

/** The daily budget of the rules file (`lunar:spend_budget_usd:per_day`): the cost tile's orange step, 5× its red. */
export const DAILY_BUDGET_USD = 100;

const lastValue = (): ReduceDataOptionsBuilder => new ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false);

function stat(title: string, description: string, expr: string, unit = 'short'): StatPanel {
  return new StatPanel()
    .title(title)
    .description(description)
    .datasource(DS)
    .withTarget(query(expr))
    .unit(unit)
    .decimals(0)
    .reduceOptions(lastValue())
    .graphMode(BigValueGraphMode.Area)
    .colorMode(BigValueColorMode.Value)
    .thresholds(thresholds('blue'))
    .height(4)
    .span(6);
}

function gauge(title: string, description: string, expr: string, unit: string, max: number, t: ThresholdsConfigBuilder): GaugePanel {
  return new GaugePanel()
    .title(title)
    .description(description)
    .datasource(DS)
    .withTarget(query(expr))
    .unit(unit)
    .min(0)
    .max(max)
    .decimals(1)
    .reduceOptions(lastValue())
    .thresholds(t)
    .showThresholdMarkers(true)
    .height(7)
    .span(6);
}

function overviewRow(d: DashboardBuilder): void {
  d.withRow(new RowBuilder("Vue d'ensemble temps réel"));
  d.withPanel(
    new TimeseriesPanel()
      .title('Générations par Source')
      .description('Générations par minute, par source (claude, db_temporal, db_template, hardcoded).')
      .datasource(DS)
      .withTarget(query(Q.generationsBySource, '{{source}}'))
      .overrides(sourceColours())
      .unit('short')
      .min(0)
      .thresholds(thresholds('green', [50, 'yellow'], [100, 'red']))
      .legend(bottomLegend())
      .height(7)
      .span(24),
  );
  d.withPanel(
    new StatPanel()
      .title('Coût Quotidien')
      .description(`Coût sur 24 h. « prix des tokens » : coût facturé, coloré contre le budget journalier des règles ($${DAILY_BUDGET_USD}, orange ; 5× en rouge). « estimation guide » : $0.002 par génération Claude, à titre indicatif (aucune alerte ne la lit).`)
      .datasource(DS)
      .withTarget(query(Q.dailyCost, 'estimation guide'))
      .withTarget(query(Q.dailyCostTokens, 'prix des tokens', 'B'))
      .unit('currencyUSD')
      .decimals(2)
      .reduceOptions(lastValue())
      .graphMode(BigValueGraphMode.None)
      .colorMode(BigValueColorMode.Background)
      .thresholds(thresholds('green', [DAILY_BUDGET_USD, 'orange'], [5 * DAILY_BUDGET_USD, 'red']))
      .overrideByQuery('A', [{ id: 'thresholds', value: thresholds('blue').build() }])
      .overrideByQuery('B', [{ id: 'thresholds', value: thresholds('green', [DAILY_BUDGET_USD, 'orange'], [5 * DAILY_BUDGET_USD, 'red']).build() }])
      .height(7)
      .span(6),
  );
  d.withPanel(gauge('Cache Hit Rate', "Part des générations servies depuis le cache db_temporal (≈ 70 % en temps normal). Rouge sous 30 % : le seuil de l'alerte LunarCacheHitRateLow.", Q.cacheHitRate, 'percent', 100,
    thresholds('red', [30, 'yellow'], [40, 'green'])));
  d.withPanel(gauge('Fallback Rate', 'Part des générations servies par un fallback (templates, hardcoded), sur toutes les générations.', Q.fallbackRate, 'percent', 100,
    thresholds('green', [20, 'orange'], [50, 'red'])));
  d.withPanel(gauge('P95 Latence', "95e percentile de la durée des générations Claude réussies. Orange au-delà de 30 s et rouge au-delà de 45 s : les seuils de LunarGenerationLatencyHigh et Critical.", Q.p95, 's', 60,
    thresholds('green', [25, 'yellow'], [30, 'orange'], [45, 'red'])).noValue('aucun appel réussi'));
}

function dailyRow(d: DashboardBuilder): void {
  d.withRow(new RowBuilder('Statistiques 24h'));
  d.withPanel(stat('Générations totales', 'Générations sur 24 h, toutes sources.', Q.total24h));
  d.withPanel(stat('Générations Claude', 'Générations écrites par Claude sur 24 h.', Q.claude24h));
  d.withPanel(stat('Cache hits', 'Générations servies par db_temporal sur 24 h.', Q.cacheHits24h));
  d.withPanel(stat('Fallbacks', 'Générations servies par un fallback sur 24 h.', Q.fallbacks24h));
}

function performanceRow(d: DashboardBuilder): void {
  d.withRow(new RowBuilder('Détails performance'));
  d.withPanel(
    new TimeseriesPanel()
      .title('Durée Génération')
      .description('P50, P95 et P99 de la durée des générations Claude.')
      .datasource(DS)
      .withTarget(query(Q.p50, 'P50', 'A'))
      .withTarget(query(Q.p95, 'P95', 'B'))
      .withTarget(query(Q.p99, 'P99', 'C'))
      .unit('s')
      .min(0)
      .thresholds(thresholds('green', [30, 'orange'], [45, 'red']))
      .noValue('aucun appel réussi')
      .legend(bottomLegend())
      .height(8)
      .span(12),
  );
  d.withPanel(
    new TimeseriesPanel()
      .title('Coût par heure')
      .description("Coût des 60 dernières minutes, à chaque instant (une fenêtre glissante, pas un cumul : il retombe à $0 quand Claude ne répond plus) : estimation du guide ($0.002 par génération Claude) et coût au prix des tokens d'Opus 4.5.")
      .datasource(DS)
      .withTarget(query(Q.hourlyCost, 'estimation guide', 'A'))
      .withTarget(query(Q.hourlyCostTokens, 'prix des tokens', 'B'))
      .unit('currencyUSD')
      .min(0)
      .legend(bottomLegend())
      .height(8)
      .span(12),
  );
}

function diagnosticsRow(d: DashboardBuilder): void {
  d.withRow(new RowBuilder('Diagnostics'));
  d.withPanel(
    new TimeseriesPanel()
      .title('Générations Actives')
      .description('Générations en cours. Alerte au-delà de 10 simultanées (possible deadlock).')
      .datasource(DS)
      .withTarget(query(Q.active, 'en cours'))
      .unit('short')
      .min(0)
      .thresholds(thresholds('green', [10, 'red']))
      .height(8)
      .span(8),
  );
  d.withPanel(
    new PiePanel()
      .title('Répartition par Source')
      .description('Distribution des sources sur 24 h.')
      .datasource(DS)
      .withTarget(query(Q.sourceSplit24h, '{{source}}').instant())
      .overrides(sourceColours())
      .pieType(PieChartType.Donut)
      .reduceOptions(lastValue())
      .legend(new PieChartLegendOptionsBuilder().displayMode(LegendDisplayMode.Table).placement(LegendPlacement.Right).showLegend(true))
      .height(8)
      .span(8),
  );
  d.withPanel(
    new TablePanel()
      .title('Migration Info')
      .description('Métadonnées de la migration V2 (version, templates_count, date, architecture).')
      .datasource(DS)
      .withTarget(query(Q.migration).instant().format(PromQueryFormat.Table))
      // The key columns first (Prometheus orders labels alphabetically: version came last, off the panel's edge), and
      // the scrape's own labels hidden.
      .withTransformation({
        id: 'organize',
        options: {
          excludeByName: { Time: true, Value: true, __name__: true, instance: true, job: true },
          indexByName: { version: 0, templates_count: 1, date: 2, architecture: 3 },
        },
      })
      .height(8)
      .span(8),
  );
}

function variables(d: DashboardBuilder): void {
  d.withVariable(new DatasourceVariableBuilder('datasource').label('Prometheus').type('prometheus'));
  const intervals = ['5m', '15m', '1h', '6h', '24h'];
  d.withVariable(
    new IntervalVariableBuilder('interval')
      .label('Intervalle')
      .values(intervals.join(','))
      .current({ text: '5m', value: '5m', selected: true })
      .options(intervals.map((v) => ({ text: v, value: v, selected: v === '5m' }))),
  );
  d.withVariable(
    new QueryVariableBuilder('model')
      .label('Modèle')
      .datasource(DS)
      .query({ query: 'label_values(lunar_interpretation_generated_total, model)', refId: 'model' })
      .definition('label_values(lunar_interpretation_generated_total, model)')
      .refresh(VariableRefresh.OnTimeRangeChanged)
      .sort(VariableSort.AlphabeticalAsc)
      .multi(true)
      .includeAll(true)
      .allValue('.*'),
  );
}

/** The dashboard model, ready to serialise. */
export function lunarDashboard(): Dashboard {
  const d = new DashboardBuilder('Astroia Lunar - Génération Claude Opus 4.5')
    .uid('lunar-generation')
    .description('Génération lunaire (Claude Opus 4.5, cache db_temporal, fallbacks). Généré par lunar-sim (npm run dashboard).')
    .tags(['astroia', 'lunar', 'claude'])
    .refresh('30s')
    .time({ from: 'now-6h', to: 'now' })
    .timezone('browser')
    .editable();
  variables(d);
  overviewRow(d);
  dailyRow(d);
  performanceRow(d);
  diagnosticsRow(d);
  return d.build();
}

/** The committed JSON text. */
export function dashboardJson(): string {
  return `${JSON.stringify(lunarDashboard(), null, 2)}\n`;
}

