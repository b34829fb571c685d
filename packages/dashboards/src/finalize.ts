import { Dashboard, Panel, RowPanel } from '@grafana/grafana-foundation-sdk/dashboard';

/**
 * Gives every panel a unique id, in layout order (the builders leave ids unset and Grafana needs
 * them unique to link, embed and repeat panels), and sets `id: null` so imports create or
 * overwrite by uid.
 */
export function finalizeDashboard(dashboard: Dashboard): Dashboard {
  let next = 1;
  const number = (panel: Panel | RowPanel) => {
    panel.id = next++;
    if (panel.type === 'row') (panel as RowPanel).panels?.forEach(number);
  };
  dashboard.panels?.forEach(number);
  return { ...dashboard, id: null };
}
