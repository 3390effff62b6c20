{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>Event history</h1>
<nav class="history-filters" aria-label="Filter the history">
  <div class="history-filter">
    <h2 id="filter-region">Region</h2>
    <ul aria-labelledby="filter-region">
{{#REGION_OPTION}}      <li><a href="{{OPTION_HREF}}"{{#OPTION_CURRENT}} aria-current="true"{{/OPTION_CURRENT}}>{{OPTION_LABEL}}</a></li>
{{/REGION_OPTION}}    </ul>
  </div>
  <div class="history-filter">
    <h2 id="filter-impact">Impact</h2>
    <ul aria-labelledby="filter-impact">
{{#IMPACT_OPTION}}      <li><a href="{{OPTION_HREF}}"{{#OPTION_CURRENT}} aria-current="true"{{/OPTION_CURRENT}}>{{OPTION_LABEL}}</a></li>
{{/IMPACT_OPTION}}    </ul>
  </div>
</nav>
{{#EMPTY}}
<p class="notice">{{EMPTY_TEXT}}</p>
{{/EMPTY}}
{{#MONTH}}
<section class="history-month" aria-labelledby="month-{{MONTH_ID}}">
  <h2 id="month-{{MONTH_ID}}">{{MONTH_NAME}}</h2>
  <ul class="history-list">
{{#EVENT}}
    <li class="history-item event-{{IMPACT_KEY}}">
      <h3><img src="/static/icons/{{IMPACT_KEY}}.svg" alt="" width="20" height="20"> <a href="/incidents/{{INCIDENT_ID}}">{{INCIDENT_TITLE}}</a></h3>
      <dl class="facts">
        <dt>Impact</dt><dd>{{IMPACT_TEXT}}</dd>
        <dt>Affected regions</dt><dd>{{REGIONS}}</dd>
        <dt>Affected services</dt><dd>{{SERVICES}}</dd>
        <dt>Began at</dt><dd><time datetime="{{START_ISO}}">{{START_DISPLAY}}</time></dd>
{{#END}}        <dt>Ended at</dt><dd><time datetime="{{END_ISO}}">{{END_DISPLAY}}</time></dd>
{{/END}}
      </dl>
      <p class="history-result">{{RESULT_TEXT}}</p>
    </li>
{{/EVENT}}
  </ul>
</section>
{{/MONTH}}
{{#PAGER}}
<nav class="pager" aria-label="More events">
  <ul>
{{#NEWER}}    <li><a rel="prev" href="{{NEWER_HREF}}">← Newer events</a></li>
{{/NEWER}}
{{#OLDER}}    <li><a rel="next" href="{{OLDER_HREF}}">Older events →</a></li>
{{/OLDER}}
  </ul>
</nav>
{{/PAGER}}
{{>FOOTER}}
