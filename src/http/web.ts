/**
 * The public read side on the shared HTTP server: the web view `/`, its chart `/chart.png`, the
 * CSV export `/export/blockers.csv` and the deadlines calendar `/calendar.ics`. Read-only, no login:
 * everything goes through the public projection of the records (`services/public-view.ts`).
 */
import { randomUUID } from 'node:crypto';
import type { Express, Request, Response } from 'express';
import type { Registry } from 'prom-client';
import type { Config } from '../config.ts';
import { formatDate } from '../dates.ts';
import type { Lang } from '../domain/types.ts';
import { translator } from '../i18n/index.ts';
import type { Logger } from '../logger.ts';
import { chartText, renderChart } from '../present/chart.ts';
import type { Services } from '../services/index.ts';
import type { PublicView } from '../services/public-view.ts';
import { deadlinesCalendar } from './calendar.ts';
import { blockersCsv } from './export-csv.ts';
import { webRequests } from './metrics.ts';
import { monthlyReportFile } from './reports.ts';
import { streamBody } from './stream-body.ts';
import { esc, page } from './web-html.ts';
import { BadQuery, fromAcceptLanguage, type QueryParam, readQuery, type WebQuery } from './web-query.ts';
import { renderUnitPage } from './web-unit.ts';
import { renderWebView, type WebViewDeps } from './web-view.ts';

/** Security and freshness headers of every public response: live data, nothing to run. */
function baseHeaders(res: Response): void {
  res.set({
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  });
}

/** What the public routes use of the app (`App` passes as it is). */
export interface WebApp {
  services: Services;
  metrics: { registry: Registry };
  config: Pick<Config, 'TZ_DEFAULT' | 'BOT_LOCALE'>;
  log: Logger;
}

interface RouteOpts {
  allowed: readonly QueryParam[];
  strict: boolean;
  html?: boolean;
}
type Handler = (req: Request, res: Response, q: WebQuery) => Promise<void>;
/** A route's handler inside its error boundary, counted in the metrics when its response is done. */
type Route = (name: string, opts: RouteOpts, fn: Handler) => (req: Request, res: Response) => Promise<void>;

const HTML_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/** A bad filter is a one-line 400 (a page for an HTML route), anything else a logged 500. */
function answerError(
  app: WebApp,
  req: Request,
  res: Response,
  name: string,
  opts: RouteOpts,
  err: unknown,
): void {
  if (err instanceof BadQuery || (err as Error)?.name === 'BadQuery') {
    const message = (err as Error).message;
    const lang =
      req.query.lang === 'vi' || req.query.lang === 'en'
        ? req.query.lang
        : (fromAcceptLanguage(req.get('accept-language')) ?? app.config.BOT_LOCALE);
    if (opts.html) res.status(400).type('html').send(errorPage(lang, message));
    else res.status(400).type('text/plain; charset=utf-8').send(`${message}\n`);
    return;
  }
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

/** One error boundary per route: the query read against the known units, then the handler. */
function routes(app: WebApp, view: PublicView): Route {
  const count = webRequests(app.metrics.registry);
  return (name, opts, fn) => async (req, res) => {
    baseHeaders(res);
    count(name, res);
    try {
      const q = readQuery(req.query as Record<string, unknown>, {
        ...opts,
        units: await view.units(),
        defaultLang: app.config.BOT_LOCALE,
        acceptLanguage: req.get('accept-language'),
      });
      await fn(req, res, q);
    } catch (err) {
      answerError(app, req, res, name, opts, err);
    }
  };
}

/** The HTML pages: the main view `/` and a unit's page `/units/CODE`. */
function mountPages(web: Express, route: Route, deps: WebViewDeps): void {
  web.get(
    '/',
    route(
      'view',
      { allowed: ['lang', 'block', 'unit', 'page', 'rpage', 'ppage', 'dpage'], strict: false, html: true },
      async (_req, res, q) => {
        res.set('Content-Security-Policy', HTML_CSP);
        res.type('html').send(await renderWebView(deps, q));
      },
    ),
  );
  web.get(
    '/units/:code',
    route('unit', { allowed: ['lang', 'page'], strict: false, html: true }, async (req, res, q) => {
      const code = String(req.params.code ?? '').toUpperCase();
      const unit = (await deps.view.units()).find((u) => u.code.toUpperCase() === code);
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
}

/** The monthly report `/reports/monthly/YYYY-MM.docx` and the chart `/chart.png`. */
function mountReports(web: Express, route: Route, deps: WebViewDeps): void {
  const { services, tz } = deps;
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
      const doc = await monthlyReportFile(services, q, file.slice(0, -'.docx'.length), tz);
      res.attachment(doc.filename);
      res.type(doc.mime).send(Buffer.from(doc.data));
    }),
  );
  web.get(
    '/chart.png',
    route('chart', { allowed: ['lang', 'block'], strict: true }, async (_req, res, q) => {
      const week = await services.summary.compute(null, 'week', q.block);
      const { labels } = chartText(q.t, tz, week.weeks);
      res.type('png').send(Buffer.from(renderChart(week.weeks, labels, tz)));
    }),
  );
}

/** The streamed exports: the CSV of blockers and the deadlines calendar. */
function mountExports(web: Express, route: Route, deps: WebViewDeps): void {
  const { services, view, tz } = deps;
  web.get(
    '/export/blockers.csv',
    route('csv', { allowed: ['status', 'unit', 'block', 'lang'], strict: true }, async (req, res, q) => {
      // Headers in Vietnamese only when asked with ?lang=vi: the import reads the English columns.
      const headers = typeof req.query.lang === 'string' && q.lang !== 'en' ? q.t : null;
      const day = formatDate(services.clock.now(), tz).split('/').reverse().join('-');
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
      await streamBody(res, deadlinesCalendar(deps, q, services.clock.now()));
    }),
  );
}

/** Mounts the public read-only routes on `web` (the shared express app). */
export function mountWeb(web: Express, app: WebApp): void {
  const view = app.services.publicView;
  const route = routes(app, view);
  const deps: WebViewDeps = { services: app.services, view, tz: app.config.TZ_DEFAULT };
  mountPages(web, route, deps);
  mountReports(web, route, deps);
  mountExports(web, route, deps);
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
