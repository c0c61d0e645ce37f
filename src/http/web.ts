/**
 * The public read side on the shared HTTP server: the web view `/`, its chart `/chart.png`, the
 * CSV export `/export/blockers.csv` and the deadlines calendar `/calendar.ics`. Read-only, no login:
 * everything goes through the public projection of the records (`services/public-view.ts`).
 */
import { randomUUID } from 'node:crypto';
import type { Express, Request, Response } from 'express';
import { Counter, type Registry } from 'prom-client';
import type { App } from '../app.ts';
import { formatDate } from '../dates.ts';
import type { Lang } from '../domain/types.ts';
import { translator } from '../i18n/index.ts';
import { chartText, renderChart } from '../render/chart.ts';
import { deadlinesCalendar } from './calendar.ts';
import { blockersCsv } from './export-csv.ts';
import { monthlyReportFile } from './reports.ts';
import { streamBody } from './stream-body.ts';
import { esc, page } from './web-html.ts';
import { BadQuery, fromAcceptLanguage, type QueryParam, readQuery, type WebQuery } from './web-query.ts';
import { renderUnitPage } from './web-unit.ts';
import { renderWebView } from './web-view.ts';

const METRIC = 'steerbot_web_requests_total';

function requestCounter(registry: Registry): Counter<'route' | 'status'> {
  const existing = registry.getSingleMetric(METRIC);
  if (existing) return existing as Counter<'route' | 'status'>;
  return new Counter({
    name: METRIC,
    help: 'Requests to the public web view and exports, by route and HTTP status',
    labelNames: ['route', 'status'] as const,
    registers: [registry],
  });
}

/** Security and freshness headers of every public response: live data, nothing to run. */
function baseHeaders(res: Response): void {
  res.set({
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  });
}

/** Mounts the public read-only routes on `web` (the shared express app). */
export function mountWeb(web: Express, app: App): void {
  const view = app.services.publicView;
  const counter = requestCounter(app.metrics.registry);
  const tz = app.config.TZ_DEFAULT;
  const deps = { services: app.services, view, tz };

  /** One error boundary per route: a bad filter is a one-line 400, anything else a logged 500. */
  const route =
    (
      name: string,
      opts: { allowed: readonly QueryParam[]; strict: boolean; html?: boolean },
      fn: (req: Request, res: Response, q: WebQuery) => Promise<void>,
    ) =>
    async (req: Request, res: Response) => {
      baseHeaders(res);
      try {
        const q = readQuery(req.query as Record<string, unknown>, {
          ...opts,
          units: await view.units(),
          defaultLang: app.config.BOT_LOCALE,
          acceptLanguage: req.get('accept-language'),
        });
        await fn(req, res, q);
      } catch (err) {
        if (err instanceof BadQuery || (err as Error)?.name === 'BadQuery') {
          const message = (err as Error).message;
          const lang =
            req.query.lang === 'vi' || req.query.lang === 'en'
              ? req.query.lang
              : (fromAcceptLanguage(req.get('accept-language')) ?? app.config.BOT_LOCALE);
          if (opts.html) res.status(400).type('html').send(errorPage(lang, message));
          else res.status(400).type('text/plain; charset=utf-8').send(`${message}\n`);
        } else {
          const ref = randomUUID().slice(0, 8);
          app.log.error({ err, ref, route: name }, 'web request failed');
          // A stream that broke half way was destroyed (streamBody): no 500 after a partial answer.
          if (!res.headersSent && !res.destroyed) {
            res.removeHeader('Content-Disposition'); // a stream that failed at once: not a file
            res
              .status(500)
              .type('text/plain; charset=utf-8')
              .send(`${translator(app.config.BOT_LOCALE)('web.error', { ref })}\n`);
          }
        }
      }
      counter.inc({ route: name, status: String(res.statusCode) });
    };

  web.get(
    '/',
    route(
      'view',
      { allowed: ['lang', 'block', 'unit', 'page'], strict: false, html: true },
      async (_req, res, q) => {
        res.set(
          'Content-Security-Policy',
          "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
        );
        res.type('html').send(await renderWebView(deps, q));
      },
    ),
  );

  const HTML_CSP =
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

  web.get(
    '/units/:code',
    route('unit', { allowed: ['lang', 'page'], strict: false, html: true }, async (req, res, q) => {
      const code = String(req.params.code ?? '').toUpperCase();
      const unit = (await view.units()).find((u) => u.code.toUpperCase() === code);
      res.set('Content-Security-Policy', HTML_CSP);
      if (!unit) {
        res
          .status(404)
          .type('html')
          .send(errorPage(q.lang, q.t('web.unknown_unit_page', { unit: code })));
        return;
      }
      res.type('html').send(await renderUnitPage(deps, q, unit));
    }),
  );

  web.get(
    '/reports/monthly/:file',
    route('monthly_report', { allowed: ['lang', 'block'], strict: true }, async (req, res, q) => {
      const file = String(req.params.file ?? '');
      if (!file.endsWith('.docx')) {
        res
          .status(404)
          .type('text/plain; charset=utf-8')
          .send(`${q.t('report.bad_key', { key: file })}\n`);
        return;
      }
      const doc = await monthlyReportFile(app.services, q, file.slice(0, -'.docx'.length), tz);
      res.attachment(doc.filename);
      res.type(doc.mime).send(Buffer.from(doc.data));
    }),
  );

  web.get(
    '/chart.png',
    route('chart', { allowed: ['lang', 'block'], strict: true }, async (_req, res, q) => {
      const week = await app.services.summary.compute(null, 'week', q.block);
      const { labels } = chartText(q.t, tz, week.weeks);
      res.type('png').send(Buffer.from(renderChart(week.weeks, labels, tz)));
    }),
  );

  web.get(
    '/export/blockers.csv',
    route('csv', { allowed: ['status', 'unit', 'block', 'lang'], strict: true }, async (req, res, q) => {
      // Headers in Vietnamese only when asked with ?lang=vi: the import reads the English columns.
      const headers = typeof req.query.lang === 'string' && q.lang !== 'en' ? q.t : null;
      const day = formatDate(app.services.clock.now(), tz).split('/').reverse().join('-');
      res.attachment(`steerbot-blockers-${day}.csv`);
      res.type('text/csv; charset=utf-8');
      await streamBody(res, blockersCsv(view, q, tz, headers));
    }),
  );

  web.get(
    '/calendar.ics',
    route('calendar', { allowed: ['lang', 'unit', 'block'], strict: true }, async (_req, res, q) => {
      res.set('Content-Disposition', 'inline; filename="steerbot-deadlines.ics"');
      res.type('text/calendar; charset=utf-8');
      await streamBody(res, deadlinesCalendar(deps, q, app.services.clock.now()));
    }),
  );
}

function errorPage(lang: Lang, message: string): string {
  const t = translator(lang);
  return page({
    lang,
    title: t('web.bad_request'),
    header: '',
    body: `<h1>${esc(t('web.bad_request'))}</h1><p>${esc(message)}</p><p><a href="/">${esc(t('web.title'))}</a></p>`,
    footer: '',
  });
}
