import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n/i18n.tsx';

/** An ECharts option object (kept loose: ECharts' own types stay in the lazy chunk). */
export type ChartOption = Record<string, unknown>;

/**
 * A chart rendered by ECharts, which is loaded on first use. `label` describes the chart for
 * screen readers; the figures it shows are always also in a table or a figure list nearby.
 */
export function Chart({
  option,
  label,
  height = 280,
  onClick,
}: {
  option: ChartOption;
  label: string;
  height?: number;
  onClick?: (params: { seriesIndex?: number; dataIndex?: number; name?: string }) => void;
}) {
  const element = useRef<HTMLDivElement>(null);
  const { t } = useI18n();
  const [failed, setFailed] = useState(false);
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let disposed = false;
    let dispose = () => {};
    import('./echarts-setup.ts')
      .then(({ init }) => {
        if (disposed || element.current === null) return;
        const chart = init(element.current, undefined, { renderer: 'svg' });
        chart.setOption(option);
        if (onClick !== undefined) chart.on('click', (params) => onClick(params));
        const resize = () => chart.resize();
        window.addEventListener('resize', resize);
        setReady(true);
        dispose = () => {
          window.removeEventListener('resize', resize);
          chart.dispose();
        };
      })
      .catch(() => setFailed(true));
    return () => {
      disposed = true;
      dispose();
    };
  }, [option, onClick]);
  return (
    <figure className="chart">
      <div
        ref={element}
        role="img"
        aria-label={label}
        data-ready={ready}
        style={{ height, width: '100%' }}
      />
      {failed && <figcaption>{t('chart.failed')}</figcaption>}
    </figure>
  );
}
