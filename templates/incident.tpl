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
{{#UPDATE_FORM}}
  <section class="operator-panel" aria-labelledby="update-form-heading">
    <h2 id="update-form-heading">Post an update</h2>
{{#NOTICE}}    <p class="form-errors" role="alert">{{NOTICE_TEXT}}</p>
{{/NOTICE}}{{#ERRORS}}    <p class="form-errors" role="alert">Nothing was saved: {{ERROR_COUNT}} field(s) need attention.</p>
{{/ERRORS}}
    <form class="operator-form update-form" method="post" action="/incidents/{{INCIDENT_ID}}/updates">
      <input type="hidden" name="{{CSRF_FIELD}}" value="{{CSRF_TOKEN}}">
      <input type="hidden" name="version" value="{{VERSION}}">
      <div class="field">
        <label for="update-title">Title</label>
        <input id="update-title" name="title" type="text" required minlength="8" maxlength="200" value="{{FORM_TITLE_VALUE}}">
{{#TITLE_ERROR}}        <p class="field-error" id="error-title">{{TITLE_ERROR_TEXT}}</p>
{{/TITLE_ERROR}}      </div>
      <div class="field">
        <label for="update-status">Status</label>
        <select id="update-status" name="status">
{{#STATUS_CHOICE}}          <option{{#STATUS_CHOICE_SELECTED}} selected{{/STATUS_CHOICE_SELECTED}}>{{STATUS_CHOICE_VALUE}}</option>
{{/STATUS_CHOICE}}        </select>
{{#STATUS_ERROR}}        <p class="field-error" id="error-status">{{STATUS_ERROR_TEXT}}</p>
{{/STATUS_ERROR}}      </div>
      <div class="field">
        <label for="update-impact">Impact</label>
        <select id="update-impact" name="impact">
{{#IMPACT_CHOICE}}          <option value="{{IMPACT_CHOICE_KEY}}"{{#IMPACT_CHOICE_SELECTED}} selected{{/IMPACT_CHOICE_SELECTED}}>{{IMPACT_CHOICE_TEXT}}</option>
{{/IMPACT_CHOICE}}        </select>
{{#IMPACT_ERROR}}        <p class="field-error" id="error-impact">{{IMPACT_ERROR_TEXT}}</p>
{{/IMPACT_ERROR}}      </div>
      <div class="field">
        <label for="update-message">Message</label>
        <textarea id="update-message" name="message" rows="4" required minlength="10" maxlength="2000">{{MESSAGE_VALUE}}</textarea>
{{#MESSAGE_ERROR}}        <p class="field-error" id="error-message">{{MESSAGE_ERROR_TEXT}}</p>
{{/MESSAGE_ERROR}}      </div>
      <div class="field">
        <label for="update-date">Update time</label>
        <input id="update-date" name="date" type="datetime-local" step="1" value="{{DATE_VALUE}}">
{{#DATE_ERROR}}        <p class="field-error" id="error-date">{{DATE_ERROR_TEXT}}</p>
{{/DATE_ERROR}}      </div>
      <div class="field">
        <label for="update-start">New start (maintenance "modified")</label>
        <input id="update-start" name="start" type="datetime-local" value="{{START_VALUE}}">
{{#START_ERROR}}        <p class="field-error" id="error-start">{{START_ERROR_TEXT}}</p>
{{/START_ERROR}}      </div>
      <div class="field">
        <label for="update-end">New end ("modified", "changed")</label>
        <input id="update-end" name="end" type="datetime-local" value="{{END_VALUE}}">
{{#END_ERROR}}        <p class="field-error" id="error-end">{{END_ERROR_TEXT}}</p>
{{/END_ERROR}}      </div>
      <div class="field">
        <label for="update-timezone">Times above are in</label>
        <select id="update-timezone" name="timezone">
{{ZONE_OPTIONS:none}}        </select>
{{#TIMEZONE_ERROR}}        <p class="field-error" id="error-timezone">{{TIMEZONE_ERROR_TEXT}}</p>
{{/TIMEZONE_ERROR}}      </div>
      <p><button type="submit">Post update</button></p>
    </form>
{{#SEPARATE}}
    <h2 id="separate-heading">Separate a component</h2>
    <p class="hint">Moves the component into a new incident with the same impact.</p>
{{#SEPARATE_ITEM}}    <form class="separate-form" method="post" action="/incidents/{{INCIDENT_ID}}/separate">
      <input type="hidden" name="{{CSRF_FIELD}}" value="{{CSRF_TOKEN}}">
      <input type="hidden" name="version" value="{{VERSION}}">
      <input type="hidden" name="component" value="{{SEPARATE_COMPONENT_ID}}">
      <button type="submit">Separate {{SEPARATE_COMPONENT_NAME}}</button>
    </form>
{{/SEPARATE_ITEM}}{{/SEPARATE}}
  </section>
{{/UPDATE_FORM}}
</article>
<p class="incident-back"><a href="/">Back to the status board</a> · <a href="/history">Event history</a></p>
{{>FOOTER}}
