{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1 class="visually-hidden">Current status</h1>
{{#UNKNOWN_REGION}}
<p class="notice" role="alert">There is no region called “{{REQUESTED_REGION}}”. Showing {{SELECTED_REGION}} instead.</p>
{{/UNKNOWN_REGION}}
{{#ALL_OPERATIONAL}}
<p class="banner banner-operational"><img src="/static/icons/operational.svg" alt="" width="20" height="20"> All systems operational</p>
{{/ALL_OPERATIONAL}}
{{#INCIDENT}}
<article class="event event-{{IMPACT_KEY}}" aria-labelledby="incident-{{INCIDENT_ID}}">
  <h2 id="incident-{{INCIDENT_ID}}"><img src="/static/icons/{{IMPACT_KEY}}.svg" alt="" width="20" height="20"> <a href="/incidents/{{INCIDENT_ID}}">{{INCIDENT_TITLE}}</a></h2>
  <dl class="facts">
    <dt>Impact</dt><dd>{{IMPACT_TEXT}}</dd>
    <dt>Affected regions</dt><dd>{{REGIONS}}</dd>
    <dt>Affected services</dt><dd>{{SERVICES}}</dd>
    <dt>Started</dt><dd><time datetime="{{START_ISO}}">{{START_DISPLAY}}</time></dd>
  </dl>
{{#UPDATE}}
  <div class="update">
    <p class="update-meta"><strong>{{UPDATE_STATUS}}</strong> · posted <time datetime="{{UPDATE_TIME_ISO}}">{{UPDATE_TIME_DISPLAY}}</time></p>
    <p class="update-text">{{UPDATE_TEXT:pre_escape}}</p>
  </div>
{{/UPDATE}}
</article>
{{/INCIDENT}}
{{#MAINTENANCE}}
<article class="event event-maintenance" aria-labelledby="incident-{{INCIDENT_ID}}">
  <h2 id="incident-{{INCIDENT_ID}}"><img src="/static/icons/maintenance.svg" alt="" width="20" height="20"> <a href="/incidents/{{INCIDENT_ID}}">{{INCIDENT_TITLE}}</a></h2>
{{#HAS_DESCRIPTION}}  <p class="description">{{DESCRIPTION:pre_escape}}</p>
{{/HAS_DESCRIPTION}}
  <dl class="facts">
    <dt>Impact</dt><dd>{{IMPACT_TEXT}} (in progress)</dd>
    <dt>Affected regions</dt><dd>{{REGIONS}}</dd>
    <dt>Affected services</dt><dd>{{SERVICES}}</dd>
    <dt>Started</dt><dd><time datetime="{{START_ISO}}">{{START_DISPLAY}}</time></dd>
{{#END}}    <dt>Planned end</dt><dd><time datetime="{{END_ISO}}">{{END_DISPLAY}}</time></dd>
{{/END}}
  </dl>
{{#UPDATE}}
  <div class="update">
    <p class="update-meta"><strong>{{UPDATE_STATUS}}</strong> · posted <time datetime="{{UPDATE_TIME_ISO}}">{{UPDATE_TIME_DISPLAY}}</time></p>
    <p class="update-text">{{UPDATE_TEXT:pre_escape}}</p>
  </div>
{{/UPDATE}}
</article>
{{/MAINTENANCE}}

<section class="regions region-panels" aria-label="Components by region">
{{#EMPTY_CATALOG}}
  <p class="notice">No components are configured yet. A sysadmin loads a catalog with
  <code>sdb-admin provision catalog.yaml</code> or <code>sqlite3 status.db &lt; bootstrap/catalog-test.sql</code>.</p>
{{/EMPTY_CATALOG}}
{{#REGION}}
  <section class="region-panel{{#REGION_SELECTED}} region-selected{{/REGION_SELECTED}}" id="{{REGION_ANCHOR}}" aria-labelledby="{{REGION_ANCHOR}}-heading">
    <nav class="region-tabs" aria-label="Regions">
      <ul>
{{#REGION_TAB}}        <li><a href="#{{TAB_ANCHOR}}"{{#TAB_CURRENT}} aria-current="true"{{/TAB_CURRENT}}>{{TAB_NAME}}</a></li>
{{/REGION_TAB}}      </ul>
    </nav>
    <h2 class="visually-hidden" id="{{REGION_ANCHOR}}-heading">Components in {{REGION_NAME}}</h2>
    <div class="cards">
{{#CATEGORY}}
      <section class="card">
        <h3>{{CATEGORY_NAME}}</h3>
        <ul class="components">
{{#COMPONENT}}          <li class="component status-{{STATUS_KEY}}">
            <span class="component-name">{{COMPONENT_NAME}}</span>
            <span class="component-status">
{{#STATUS_LINK}}              <a href="/incidents/{{INCIDENT_ID}}" title="{{INCIDENT_TITLE}}"><img src="/static/icons/{{STATUS_KEY}}.svg" alt="" width="16" height="16"> {{STATUS_LABEL}}</a>
{{/STATUS_LINK}}{{#STATUS_PLAIN}}              <span><img src="/static/icons/{{STATUS_KEY}}.svg" alt="" width="16" height="16"> {{STATUS_LABEL}}</span>
{{/STATUS_PLAIN}}{{#PLANNED_MARK}}              <a class="planned" href="/incidents/{{PLANNED_ID}}" title="Planned maintenance from {{PLANNED_START_DISPLAY}}"><img src="/static/icons/planned.svg" alt="" width="16" height="16"> Planned maintenance</a>
{{/PLANNED_MARK}}            </span>
          </li>
{{/COMPONENT}}        </ul>
      </section>
{{/CATEGORY}}
    </div>
  </section>
{{/REGION}}
</section>

{{#HAS_PLANNED}}
<section class="planned-list" aria-labelledby="planned-heading">
  <h2 id="planned-heading">Planned maintenance</h2>
{{#PLANNED}}
  <article class="event event-planned">
    <h3><a href="/incidents/{{INCIDENT_ID}}">{{INCIDENT_TITLE}}</a></h3>
    <dl class="facts">
      <dt>Affected services</dt><dd>{{SERVICES}}</dd>
      <dt>Planned start</dt><dd><time datetime="{{START_ISO}}">{{START_DISPLAY}}</time></dd>
{{#END}}      <dt>Planned end</dt><dd><time datetime="{{END_ISO}}">{{END_DISPLAY}}</time></dd>
{{/END}}    </dl>
  </article>
{{/PLANNED}}
</section>
{{/HAS_PLANNED}}

<section class="legend" aria-labelledby="legend-heading">
  <h2 id="legend-heading">Legend</h2>
  <ul>
    <li><img src="/static/icons/operational.svg" alt="" width="16" height="16"> Operational</li>
    <li><img src="/static/icons/maintenance.svg" alt="" width="16" height="16"> Maintenance</li>
    <li><img src="/static/icons/minor.svg" alt="" width="16" height="16"> Minor issue</li>
    <li><img src="/static/icons/major.svg" alt="" width="16" height="16"> Major issue</li>
    <li><img src="/static/icons/outage.svg" alt="" width="16" height="16"> Outage</li>
    <li><img src="/static/icons/planned.svg" alt="" width="16" height="16"> Planned maintenance</li>
  </ul>
  <p class="as-of">As of <time datetime="{{NOW_ISO}}">{{NOW_DISPLAY}}</time>.</p>
</section>
{{>FOOTER}}
