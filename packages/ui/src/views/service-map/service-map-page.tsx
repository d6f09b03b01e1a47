import { useMemo } from 'preact/hooks';
import { getJson } from '../../api/client.js';
import { useFetch } from '../../api/use-fetch.js';
import {
  decodeMapRange,
  edgeLabel,
  layoutMap,
  type MapEdge,
  type MapNode,
  mapQuery,
  NODE_HEIGHT,
  NODE_WIDTH,
  serviceSearchLink,
} from '../../model/service-map/map-layout.js';
import { WINDOWS_MS } from '../../model/time-windows.js';
import { navigate } from '../../router.js';
import './service-map.css';

interface ServiceMapAnswer {
  nodes: MapNode[];
  edges: MapEdge[];
}

/** /map: services and the calls between them over a time window; a service opens its traces. */
export function ServiceMapPage({ search }: { search: string }) {
  const range = decodeMapRange(new URLSearchParams(search));
  // The window counts from when the range was chosen (not from each render).
  const query = useMemo(() => mapQuery(range, Date.now()), [range]);
  const result = useFetch(query.toString(), (signal) =>
    getJson<ServiceMapAnswer>(`/api/service-map?${query}`, signal),
  );
  const layout = useMemo(
    () => (result.status === 'done' ? layoutMap(result.data.nodes, result.data.edges) : null),
    [result],
  );
  return (
    <div class="service-map-page">
      <div class="map-bar">
        <label>
          Window{' '}
          <select
            name="range"
            value={range}
            onChange={(e) => navigate(`/map?range=${encodeURIComponent(e.currentTarget.value)}`)}
          >
            {Object.keys(WINDOWS_MS).map((key) => (
              <option key={key} value={key}>
                Last {key}
              </option>
            ))}
          </select>
        </label>
        <span class="muted">
          Edges: calls per second · error ratio · p95 latency of the callee.
        </span>
      </div>
      {result.status === 'loading' && <p class="notice">Loading…</p>}
      {result.status === 'error' && <p class="error">{result.message}</p>}
      {layout && layout.nodes.length === 0 && (
        <p class="notice">
          No spans in this window. Widen it, or run <code>npm run traffic</code>.
        </p>
      )}
      {layout && layout.nodes.length > 0 && (
        <div class="map-scroll">
          <svg
            class="service-map"
            width={layout.width}
            height={layout.height}
            viewBox={`0 0 ${layout.width} ${layout.height}`}
            role="img"
            aria-label="service map"
          >
            <defs>
              <marker
                id="map-arrow"
                viewBox="0 0 10 10"
                refX="10"
                refY="5"
                markerWidth="7"
                markerHeight="7"
                orient="auto-start-reverse"
              >
                <path d="M 0 0 L 10 5 L 0 10 z" class="map-arrow" />
              </marker>
            </defs>
            {layout.edges.map((edge) => (
              <g
                key={`${edge.parent}\u0000${edge.child}`}
                class={edge.errorRatio > 0 ? 'map-edge has-errors' : 'map-edge'}
                data-parent={edge.parent}
                data-child={edge.child}
              >
                <title>{`${edge.parent} → ${edge.child}: ${edge.calls} calls, p50 ${edge.p50Ms} ms`}</title>
                <path d={edge.path} marker-end="url(#map-arrow)" />
                <text x={edge.labelX} y={edge.labelY} text-anchor="middle">
                  {edgeLabel(edge)}
                </text>
              </g>
            ))}
            {layout.nodes.map((node) => (
              <a
                key={node.service}
                href={serviceSearchLink(node.service, range)}
                class={node.errors > 0 ? 'map-node has-errors' : 'map-node'}
                data-service={node.service}
              >
                <title>{`${node.service}: ${node.spans} spans, ${node.errors} with errors — open its traces`}</title>
                <rect x={node.x} y={node.y} width={NODE_WIDTH} height={NODE_HEIGHT} rx="6" />
                <text x={node.x + 10} y={node.y + 18} class="map-node-name">
                  {node.service.length > 24 ? `${node.service.slice(0, 23)}…` : node.service}
                </text>
                <text x={node.x + 10} y={node.y + 34} class="map-node-facts">
                  {`${node.spans} spans${node.errors > 0 ? ` · ${node.errors} errors` : ''}`}
                </text>
              </a>
            ))}
          </svg>
        </div>
      )}
    </div>
  );
}
