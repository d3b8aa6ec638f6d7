/*
 * The rollout dashboard: polls state-ingest's ops API every 2 s and renders the rollout's rings (and a banner when
 * it is halted, paused or revoked), compliance, rollout progress, failures and distribution status. Plain browser JavaScript, no build step; the chart is hand-written SVG.
 *
 * API shapes read here (see the ops resources in io.acu.stateingest.rest: ComplianceResource, PackageTargetResource,
 *   RolloutProgressResource, FailuresResource, DistributionResource, RolloutResource):
 *   GET /api/compliance?topicType=2001&targetVersion=V  {topicType, topicName, targetVersion, clients,
 *        byState: {ON_TARGET, PENDING, FAILED, UNKNOWN}, byVersion: [{version|null, clients}] highest first}
 *   GET /api/packages/{id}/compliance                   the same for topic 800 against the package's client version
 *   GET /api/packages/{id}/target                       {packageId, packageVersion, clientVersion, ...}
 *   GET /api/rollout/progress?bucket=PT1H               {bucket, series: [{name, topicType, stateId, stateName,
 *        buckets: [{start, clients, cumulative}]}]}
 *   GET /api/failures?topicType=T&limit=N               [{topicType, stateId, stateName, errorCode|null, clients}]
 *   GET /api/distribution[?packageId=ID]                [{packageId, packageVersion, byState, distributionPoints:
 *        [{distributionPoint, state, attempt, bytesTransferred, lastError, changedAt}]}] newest version first
 *   GET /api/packages/{id}/rollout                      {packageId, packageVersion, status, lastChange, ring|null,
 *        rings: [{ring, state, offered, succeeded, failed, stalled, inProgress}] pilot first,
 *        topErrorCodes: [{errorCode, name|null, topicType, stateId, clients}], reason|null, actor|null, changedAt,
 *        eventId, olderVersions: [{packageVersion, status, lastChange, reason, changedAt}]}; 404 = no rollout yet
 * Errors arrive as application/problem+json {status, title, detail}; the banner shows the detail.
 */
"use strict";

(() => {
  const POLL_MILLIS = 2000;
  const FAILURE_TOPICS = [800, 2001, 2002];
  const FAILURE_LIMIT = 50;
  const EP_TOPIC = 2001;
  const SVG = "http://www.w3.org/2000/svg";
  const NUMBER = new Intl.NumberFormat("en-US");
  const STATES = ["ON_TARGET", "FAILED", "PENDING", "UNKNOWN"];
  /** Rollout statuses that stop new offers, with the banner's title. */
  const STOPPED = {
    HALTED: version => `Rollout of version ${version} halted by its health gate: no client is offered it`,
    PAUSED: version => `Rollout of version ${version} paused: no new client is offered it`,
    REVOKED: version => `Version ${version} revoked: clients are offered the previous version`,
  };
  const RING_FIGURES = [["offered", "offered"], ["succeeded", "succeeded"], ["failed", "failed"], ["stalled", "stalled"],
    ["inProgress", "in progress"]];

  const params = new URLSearchParams(location.search);
  const settings = {
    packageId: params.get("package") || null,
    target: params.get("target") || null,
    bucket: params.get("bucket") || "PT1H",
  };
  /** Topic names as the API reports them (compliance responses carry topicName). */
  const topicNames = new Map();
  let lastSuccess = null;

  const byTestId = (id, root = document) => root.querySelector(`[data-testid="${id}"]`);
  const setText = (id, text) => { byTestId(id).textContent = text; };
  const count = n => NUMBER.format(n);
  const api = path => new URL(`../api/${path}`, location.href).toString();

  /**
   * GETs a JSON resource of the ops API.
   * @throws Error whose message names the path and the problem's detail (or the HTTP status)
   */
  async function getJson(path) {
    let response;
    try {
      response = await fetch(api(path), { headers: { Accept: "application/json" }, cache: "no-store" });
    } catch (networkFailure) {
      throw new Error(`state-ingest is unreachable (${path})`);
    }
    const body = await response.json().catch(() => null);
    if (!response.ok) {
      const reason = body && (body.detail || body.title) ? body.detail || body.title : response.statusText;
      const error = new Error(`${path}: ${response.status} ${reason}`);
      error.status = response.status;
      throw error;
    }
    return body;
  }

  /** The package whose distribution status changed last, or null without any. */
  function latestPackage(summaries) {
    let latest = null;
    for (const summary of summaries || []) {
      for (const point of summary.distributionPoints) {
        if (!latest || point.changedAt > latest.changedAt) {
          latest = point;
        }
      }
    }
    return latest ? latest.packageId : null;
  }

  /** One refresh: every request, then every section that got its data; failures go to the banner. */
  async function refresh() {
    const errors = [];
    const attempt = (promise, tolerated = () => false) => promise.catch(error => {
      if (!tolerated(error)) {
        errors.push(error.message);
      }
      return undefined;
    });
    const distribution = await attempt(getJson(settings.packageId
      ? `distribution?packageId=${encodeURIComponent(settings.packageId)}` : "distribution"));
    const packageId = settings.packageId || latestPackage(distribution);
    // A package picked automatically may have no ManifestUpdated yet: that is a state, not an error.
    const noTargetYet = error => !settings.packageId && error.status === 404;
    const packagePath = packageId ? `packages/${encodeURIComponent(packageId)}` : null;
    // A package without a rollout (rollout not running, or no version after the baseline yet) answers 404: null.
    const noRolloutYet = error => {
      if (error.status === 404) {
        return null;
      }
      throw error;
    };
    const [target, deployment, rollout, progress, ep, ...failures] = await Promise.all([
      packagePath ? attempt(getJson(`${packagePath}/target`), noTargetYet) : undefined,
      packagePath ? attempt(getJson(`${packagePath}/compliance`), noTargetYet) : undefined,
      packagePath ? attempt(getJson(`${packagePath}/rollout`).catch(noRolloutYet)) : null,
      attempt(getJson(`rollout/progress?bucket=${encodeURIComponent(settings.bucket)}`)),
      attempt(endpointProtectionCompliance()),
      ...FAILURE_TOPICS.map(topic => attempt(getJson(`failures?topicType=${topic}&limit=${FAILURE_LIMIT}`))),
    ]);

    renderContext(packageId, target, ep);
    // undefined: the request failed (the banner says so); keep what is shown.
    if (rollout !== undefined) {
      renderRollout(rollout);
    }
    if (ep) {
      renderCompliance(ep);
      renderVersions(ep);
    }
    renderDeployment(deployment);
    if (progress) {
      renderProgress(progress, ep ? ep.clients : 0);
    }
    if (failures.every(Boolean)) {
      renderFailures(failures.flat());
    }
    if (distribution) {
      renderDistribution(distribution);
    }
    renderFreshness(errors);
  }

  /** Compliance of the EP agents against the pinned target, or against the highest reported version. */
  async function endpointProtectionCompliance() {
    if (settings.target) {
      return { ...await getJson(`compliance?topicType=${EP_TOPIC}&targetVersion=${encodeURIComponent(settings.target)}`), assumed: false };
    }
    // byVersion does not depend on the target: ask once for the versions, then against the highest.
    const versions = await getJson(`compliance?topicType=${EP_TOPIC}&targetVersion=0`);
    const highest = versions.byVersion.find(v => v.version !== null);
    if (!highest) {
      return { ...versions, targetVersion: null, assumed: true };
    }
    return { ...await getJson(`compliance?topicType=${EP_TOPIC}&targetVersion=${encodeURIComponent(highest.version)}`), assumed: true };
  }

  function renderContext(packageId, target, ep) {
    setText("package-id", packageId || "none yet");
    byTestId("package-version-text").hidden = !target;
    if (target) {
      setText("package-version", String(target.packageVersion));
    }
    if (ep) {
      setText("target-version", ep.targetVersion || "none reported yet");
      byTestId("target-assumed").hidden = !ep.assumed;
    }
  }

  function renderCompliance(ep) {
    if (ep.topicName) {
      topicNames.set(ep.topicType, ep.topicName);
    }
    const states = ep.byState;
    setText("on-target", count(states.ON_TARGET));
    setText("pending", count(states.PENDING));
    setText("failed", count(states.FAILED));
    setText("unknown", count(states.UNKNOWN));
    setText("clients", count(ep.clients));
    const bar = byTestId("progress-bar");
    const percent = ep.clients === 0 ? 0 : (100 * states.ON_TARGET) / ep.clients;
    bar.setAttribute("aria-valuenow", percent.toFixed(1));
    bar.setAttribute("aria-valuetext", `${percent.toFixed(1)}% of ${count(ep.clients)} clients on ${ep.targetVersion || "the target"}`);
    bar.querySelectorAll(".segment").forEach((segment, i) => {
      const share = ep.clients === 0 ? 0 : (100 * states[STATES[i]]) / ep.clients;
      segment.style.width = `${share}%`;
    });
    setText("progress-percent", `${percent.toFixed(1)}%`);
    byTestId("compliance-empty").hidden = ep.clients !== 0;
  }

  function renderDeployment(deployment) {
    byTestId("deployment").hidden = !deployment;
    if (!deployment) {
      return;
    }
    if (deployment.topicName) {
      topicNames.set(deployment.topicType, deployment.topicName);
    }
    setText("deployment-target", deployment.targetVersion);
    setText("deployment-on-target", count(deployment.byState.ON_TARGET));
    setText("deployment-pending", count(deployment.byState.PENDING));
    setText("deployment-failed", count(deployment.byState.FAILED));
    setText("deployment-unknown", count(deployment.byState.UNKNOWN));
    setText("deployment-clients", count(deployment.clients));
  }

  function renderVersions(ep) {
    const rows = ep.byVersion.map(v => {
      const share = ep.clients === 0 ? 0 : (100 * v.clients) / ep.clients;
      const row = tableRow("version-row", [
        ["version-name", v.version === null ? "none reported" : v.version],
        ["version-clients", count(v.clients), "num"],
        ["version-share", `${share.toFixed(1)}%`, "num"],
      ]);
      if (v.version !== null && v.version === ep.targetVersion) {
        row.classList.add("is-target");
        const badge = document.createElement("span");
        badge.className = "badge";
        badge.textContent = "target";
        row.firstChild.append(" ", badge);
      }
      return row;
    });
    byTestId("versions-table").tBodies[0].replaceChildren(...rows);
    byTestId("versions-table").hidden = rows.length === 0;
    byTestId("versions-empty").hidden = rows.length !== 0;
  }

  function renderFailures(groups) {
    groups.sort((a, b) => b.clients - a.clients || a.topicType - b.topicType || a.stateId - b.stateId);
    const rows = groups.map(g => {
      const topic = topicNames.has(g.topicType) ? `${g.topicType} ${topicNames.get(g.topicType)}` : String(g.topicType);
      const row = tableRow("failure-row", [
        ["failure-topic", topic],
        ["failure-state", String(g.stateId), "num-left"],
        ["failure-name", g.stateName || "unknown state"],
        ["failure-error", g.errorCode || "none", "code"],
        ["failure-clients", count(g.clients), "num"],
      ]);
      row.dataset.topicType = g.topicType;
      row.dataset.stateId = g.stateId;
      row.dataset.errorCode = g.errorCode || "";
      return row;
    });
    byTestId("failures-table").tBodies[0].replaceChildren(...rows);
    byTestId("failures-table").hidden = rows.length === 0;
    byTestId("failures-empty").hidden = rows.length !== 0;
  }

  function renderDistribution(summaries) {
    const body = byTestId("distribution-body");
    const blocks = summaries.map(summary => {
      const block = document.createElement("div");
      block.className = "distribution";
      block.dataset.testid = "distribution-version";
      block.dataset.packageId = summary.packageId;
      block.dataset.packageVersion = summary.packageVersion;
      const heading = document.createElement("h3");
      heading.textContent = `${summary.packageId} version ${summary.packageVersion}: `;
      for (const [state, points] of Object.entries(summary.byState)) {
        const chip = document.createElement("span");
        chip.className = `chip state-${state}`;
        chip.dataset.testid = "distribution-state-count";
        chip.dataset.state = state;
        chip.textContent = `${count(points)} ${stateLabel(state)}`;
        heading.append(chip, " ");
      }
      const table = document.createElement("table");
      table.innerHTML = "<thead><tr><th scope=\"col\">Distribution point</th><th scope=\"col\">State</th>"
        + "<th scope=\"col\" class=\"num\">Attempt</th><th scope=\"col\" class=\"num\">Transferred</th>"
        + "<th scope=\"col\">Last error</th><th scope=\"col\">Changed (UTC)</th></tr></thead><tbody></tbody>";
      table.tBodies[0].append(...summary.distributionPoints.map(point => {
        const row = tableRow("distribution-row", [
          ["dp-name", point.distributionPoint],
          ["dp-state", stateLabel(point.state), `state-${point.state}`],
          ["dp-attempt", String(point.attempt), "num"],
          ["dp-bytes", bytes(point.bytesTransferred), "num"],
          ["dp-error", point.lastError || "—"],
          ["dp-changed", utc(new Date(point.changedAt))],
        ]);
        row.dataset.state = point.state;
        return row;
      }));
      block.append(heading, table);
      return block;
    });
    body.replaceChildren(...blocks);
    byTestId("distribution-empty").hidden = blocks.length !== 0;
  }

  // ---- the rollout: rings as stages, and a banner when it is halted, paused or revoked ----

  function renderRollout(rollout) {
    byTestId("rings-empty").hidden = rollout !== null;
    byTestId("rollout-heading-detail").hidden = rollout === null;
    byTestId("rollout-last-change").hidden = rollout === null;
    if (rollout === null) {
      byTestId("ring-stages").replaceChildren();
      byTestId("rollout-older").hidden = true;
      renderRolloutBanner(null);
      return;
    }
    setText("rollout-version", String(rollout.packageVersion));
    const status = byTestId("rollout-status");
    status.textContent = stateLabel(rollout.status);
    status.dataset.status = rollout.status;
    byTestId("ring-stages").replaceChildren(...rollout.rings.map(ringStage));
    const about = rollout.ring ? ` (${rollout.ring})` : "";
    const by = rollout.actor ? ` by ${rollout.actor}` : "";
    setText("rollout-last-change", `Last change: ${stateLabel(rollout.lastChange)}${about}${by}, ${utc(new Date(rollout.changedAt))} UTC`
      + (rollout.reason ? ` — ${rollout.reason}` : ""));
    const older = byTestId("rollout-older");
    older.hidden = rollout.olderVersions.length === 0;
    older.textContent = `Earlier versions: ${rollout.olderVersions.map(v => `${v.packageVersion} ${stateLabel(v.status).toLowerCase()}`).join(", ")}`;
    renderRolloutBanner(rollout);
  }

  /** One ring as a stage: name, state and its gate figures. */
  function ringStage(ring) {
    const stage = document.createElement("li");
    stage.className = "stage";
    stage.dataset.testid = "ring-stage";
    stage.dataset.ring = ring.ring;
    stage.dataset.state = ring.state;
    const heading = document.createElement("h3");
    const name = document.createElement("span");
    name.dataset.testid = "ring-name";
    name.textContent = ring.ring;
    const state = document.createElement("span");
    state.className = "ring-state";
    state.dataset.testid = "ring-state";
    state.textContent = stateLabel(ring.state);
    heading.append(name, state);
    const figures = document.createElement("dl");
    figures.className = "figures";
    for (const [field, label] of RING_FIGURES) {
      const term = document.createElement("dt");
      term.textContent = label;
      const value = document.createElement("dd");
      value.dataset.testid = `ring-${field}`;
      value.textContent = count(ring[field]);
      figures.append(term, value);
    }
    stage.append(heading, figures);
    return stage;
  }

  function renderRolloutBanner(rollout) {
    const banner = byTestId("rollout-banner");
    const title = rollout && STOPPED[rollout.status];
    if (!title) {
      banner.hidden = true;
      delete banner.dataset.eventId;
      return;
    }
    // Rewriting an unchanged alert would make screen readers announce it again every poll.
    if (banner.dataset.eventId === rollout.eventId) {
      return;
    }
    banner.dataset.eventId = rollout.eventId;
    banner.dataset.status = rollout.status;
    setText("rollout-banner-title", title(rollout.packageVersion));
    setText("rollout-reason", rollout.reason || "none given");
    setText("rollout-banner-by", rollout.actor ? `(${rollout.actor}, ${utc(new Date(rollout.changedAt))} UTC)` : "");
    const codes = rollout.status === "HALTED" ? rollout.topErrorCodes : [];
    byTestId("rollout-error-codes").hidden = codes.length === 0;
    byTestId("rollout-error-code-list").replaceChildren(...codes.map(code => {
      const item = document.createElement("li");
      item.dataset.testid = "rollout-error-code";
      item.dataset.errorCode = code.errorCode;
      const value = document.createElement("span");
      value.className = "code";
      value.textContent = code.errorCode;
      item.append(value, ` ${code.name || "unknown code"} (${code.topicType}/${code.stateId}): ${count(code.clients)} `
        + (code.clients === 1 ? "client" : "clients"));
      return item;
    }));
    banner.hidden = false;
  }

  function renderFreshness(errors) {
    const banner = byTestId("error");
    const dot = byTestId("live-state");
    if (errors.length === 0) {
      lastSuccess = new Date();
      banner.hidden = true;
      banner.textContent = "";
      dot.dataset.state = "live";
      setText("live-label", "Live");
    } else {
      const since = lastSuccess ? `The figures shown are from ${lastSuccess.toLocaleTimeString("en-GB")}.` : "No figures yet.";
      const message = `Could not refresh: ${errors.join("; ")}. ${since} Retrying every ${POLL_MILLIS / 1000} s.`;
      // Rewriting an unchanged alert would make screen readers announce it again every poll.
      if (banner.textContent !== message) {
        banner.textContent = message;
      }
      banner.hidden = false;
      dot.dataset.state = "stale";
      setText("live-label", "Stale");
    }
    const stamp = byTestId("last-updated");
    if (lastSuccess) {
      stamp.textContent = lastSuccess.toLocaleTimeString("en-GB");
      stamp.dateTime = lastSuccess.toISOString();
    }
  }

  // ---- the rollout chart: two cumulative step lines on a time axis ----

  function renderProgress(progress, fleet) {
    setText("bucket", progress.bucket);
    const bucketMillis = durationMillis(progress.bucket);
    const series = progress.series.map(s => ({
      name: s.name,
      total: s.buckets.length === 0 ? 0 : s.buckets[s.buckets.length - 1].cumulative,
      points: s.buckets.map(b => ({ start: Date.parse(b.start), end: Date.parse(b.start) + bucketMillis, cumulative: b.cumulative })),
    }));
    for (const s of series) {
      setText(`series-total-${s.name}`, count(s.total));
    }
    const empty = series.every(s => s.points.length === 0);
    byTestId("rollout-empty").hidden = !empty;
    const chart = byTestId("chart");
    chart.hidden = empty;
    if (!empty) {
      chart.replaceChildren(chartSvg(series, fleet, chart.clientWidth || 800));
    }
  }

  function chartSvg(series, fleet, width) {
    const height = 260;
    const margin = { top: 16, right: 20, bottom: 34, left: 64 };
    const all = series.flatMap(s => s.points);
    const xMin = Math.min(...all.map(p => p.start));
    const xMax = Math.max(...all.map(p => p.end));
    const yMax = niceCeiling(Math.max(fleet, ...all.map(p => p.cumulative), 1));
    const x = t => margin.left + ((t - xMin) / Math.max(xMax - xMin, 1)) * (width - margin.left - margin.right);
    const y = v => height - margin.bottom - (v / yMax) * (height - margin.top - margin.bottom);

    const svg = element("svg", { viewBox: `0 0 ${width} ${height}`, width, height, role: "img" });
    const description = series.map(s => `${s.name}: ${s.total} clients`).join(", ");
    svg.setAttribute("aria-label", `Cumulative clients over time. ${description}.`);
    for (const tick of ticks(yMax)) {
      svg.append(element("line", { x1: margin.left, x2: width - margin.right, y1: y(tick), y2: y(tick), class: "grid" }));
      svg.append(text(margin.left - 8, y(tick) + 4, count(tick), "axis-label end"));
    }
    const spanDays = (xMax - xMin) / 86_400_000;
    const labels = 5;
    for (let i = 0; i <= labels; i++) {
      const t = xMin + ((xMax - xMin) * i) / labels;
      const anchor = i === 0 ? "start" : i === labels ? "end" : "middle";
      svg.append(text(x(t), height - margin.bottom + 20, spanDays > 2 ? utcDay(new Date(t)) : utc(new Date(t)), `axis-label ${anchor}`));
    }
    svg.append(element("line", { x1: margin.left, x2: width - margin.right, y1: y(0), y2: y(0), class: "axis" }));
    if (fleet > 0) {
      svg.append(element("line", { x1: margin.left, x2: width - margin.right, y1: y(fleet), y2: y(fleet), class: "fleet-line" }));
      svg.append(text(width - margin.right, y(fleet) - 6, `${count(fleet)} agents reporting`, "axis-label end"));
    }
    for (const s of series) {
      if (s.points.length === 0) {
        continue;
      }
      // Cumulative counts only change inside a bucket: flat between buckets, rising across one.
      let previous = 0;
      let path = `M ${x(s.points[0].start)} ${y(0)}`;
      for (const p of s.points) {
        path += ` L ${x(p.start)} ${y(previous)} L ${x(p.end)} ${y(p.cumulative)}`;
        previous = p.cumulative;
      }
      path += ` L ${x(xMax)} ${y(previous)}`;
      svg.append(element("path", { d: path, class: `series series-${s.name}` }));
    }
    return svg;
  }

  // ---- small helpers ----

  function tableRow(testId, cells) {
    const row = document.createElement("tr");
    row.dataset.testid = testId;
    for (const [cellTestId, value, className] of cells) {
      const cell = document.createElement("td");
      cell.dataset.testid = cellTestId;
      cell.textContent = value;
      if (className) {
        cell.className = className;
      }
      row.append(cell);
    }
    return row;
  }

  function element(name, attributes) {
    const node = document.createElementNS(SVG, name);
    for (const [key, value] of Object.entries(attributes)) {
      node.setAttribute(key, value);
    }
    return node;
  }

  function text(xPosition, yPosition, content, className) {
    const node = element("text", { x: xPosition, y: yPosition, class: className });
    node.textContent = content;
    return node;
  }

  /** INSTALL_PENDING → "Install pending". */
  function stateLabel(state) {
    const words = state.toLowerCase().replaceAll("_", " ");
    return words.charAt(0).toUpperCase() + words.slice(1);
  }

  /** Milliseconds of an ISO-8601 duration as java.time.Duration writes it (PT1H, PT30M, PT720H, PT1H30M). */
  function durationMillis(iso) {
    const match = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$/.exec(iso);
    if (!match) {
      return 3_600_000;
    }
    const [, hours = 0, minutes = 0, seconds = 0] = match;
    return ((Number(hours) * 60 + Number(minutes)) * 60 + Number(seconds)) * 1000;
  }

  /** A round axis maximum at least {@code value}: 1, 2, 2.5 (from 25 up, so ticks stay whole) or 5 times a power of ten. */
  function niceCeiling(value) {
    const power = 10 ** Math.floor(Math.log10(value));
    const factors = power >= 10 ? [1, 2, 2.5, 5, 10] : [1, 2, 4, 5, 10];
    return factors.map(f => f * power).find(candidate => candidate >= value);
  }

  function ticks(max) {
    return [0, 0.25, 0.5, 0.75, 1].map(f => f * max).filter(Number.isInteger);
  }

  function bytes(n) {
    if (n < 1024) {
      return `${count(n)} B`;
    }
    const units = ["KiB", "MiB", "GiB", "TiB"];
    let value = n / 1024;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return `${value.toFixed(1)} ${units[unit]}`;
  }

  const utc = date => date.toISOString().slice(0, 16).replace("T", " ");
  const utcDay = date => date.toISOString().slice(0, 10);

  async function poll() {
    try {
      await refresh();
    } catch (bug) {
      renderFreshness([`the dashboard failed to render: ${bug.message}`]);
    }
    setTimeout(poll, POLL_MILLIS);
  }

  poll();
})();
