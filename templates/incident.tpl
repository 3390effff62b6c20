{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<article class="event incident-page event-{{IMPACT_KEY}}" aria-labelledby="incident-title">
  <h1 id="incident-title"><img src="/static/icons/{{IMPACT_KEY}}.svg" alt="" width="24" height="24"> {{INCIDENT_TITLE}}</h1>
  <p class="incident-state state-{{STATE_KEY}}">{{STATE_TEXT}}</p>
  <dl class="facts">
    <dt>Type</dt><dd>{{TYPE_TEXT}}</dd>
    <dt>Impact</dt><dd>{{IMPACT_TEXT}}</dd>
    <dt>Affected regions</dt><dd>{{REGIONS}}</dd>
    <dt>Affected services</dt><dd>{{SERVICES}}</dd>
    <dt>{{START_LABEL}}</dt><dd><time datetime="{{START_ISO}}">{{START_DISPLAY}}</time></dd>
{{#END}}    <dt>{{END_LABEL}}</dt><dd><time datetime="{{END_ISO}}">{{END_DISPLAY}}</time></dd>
{{/END}}
  </dl>
{{#HAS_DESCRIPTION}}
  <section class="incident-description" aria-labelledby="description-heading">
    <h2 id="description-heading">Description</h2>
    <p class="description">{{DESCRIPTION:pre_escape}}</p>
  </section>
{{/HAS_DESCRIPTION}}
  <section class="timeline" aria-labelledby="updates-heading">
    <h2 id="updates-heading">Updates</h2>
{{#NO_UPDATES}}
    <p class="notice">No updates have been posted yet.</p>
{{/NO_UPDATES}}
{{#HAS_UPDATES}}
    <ol class="timeline-list">
{{#UPDATE_ITEM}}
      <li class="timeline-item" id="update-{{UPDATE_ID}}">
        <h3 class="timeline-meta"><span class="timeline-status">{{UPDATE_STATUS}}</span> <time datetime="{{UPDATE_TIME_ISO}}">{{UPDATE_TIME_DISPLAY}}</time></h3>
        <p class="update-text">{{TEXT_BEFORE:pre_escape}}{{#RELATED_LINK}}<a href="/incidents/{{RELATED_ID}}">{{RELATED_TITLE}}</a>{{/RELATED_LINK}}{{#RELATED_GONE}}{{RELATED_TEXT:pre_escape}}{{/RELATED_GONE}}{{TEXT_AFTER:pre_escape}}</p>
{{#RELATED_EXTRA}}        <p class="timeline-related">See <a href="/incidents/{{RELATED_ID}}">{{RELATED_TITLE}}</a></p>
{{/RELATED_EXTRA}}
{{#AUTHOR}}        <p class="timeline-author">Posted by {{UPDATE_AUTHOR}}</p>
{{/AUTHOR}}
      </li>
{{/UPDATE_ITEM}}
    </ol>
{{/HAS_UPDATES}}
  </section>
</article>
<p class="incident-back"><a href="/">Back to the status board</a> · <a href="/history">Event history</a></p>
{{>FOOTER}}
