{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>Subscriptions</h1>
{{#NOTICE}}<p class="notice" role="status">{{NOTICE_TEXT}}</p>
{{/NOTICE}}
<section aria-labelledby="email-heading">
  <h2 id="email-heading">Email subscribers</h2>
  <p>{{EMAIL_TOTAL}} confirmed address(es); visitors subscribe at <a href="/subscribe">/subscribe</a>.</p>
  <table class="subscriber-counts">
    <thead><tr><th scope="col">Follow</th><th scope="col">Subscribers</th></tr></thead>
    <tbody>
{{#COUNT}}      <tr><td>{{COUNT_SCOPE}}</td><td>{{COUNT_VALUE}}</td></tr>
{{/COUNT}}    </tbody>
  </table>
</section>

<section aria-labelledby="webhooks-heading">
  <h2 id="webhooks-heading">Webhook endpoints</h2>
{{#NO_WEBHOOKS}}  <p class="notice">No webhook endpoint is registered.</p>
{{/NO_WEBHOOKS}}{{#HAS_WEBHOOKS}}  <table class="webhooks">
    <thead><tr><th scope="col">Endpoint</th><th scope="col">Format</th><th scope="col">Tells about</th><th scope="col">State</th><th scope="col">Last delivery</th><th scope="col">Actions</th></tr></thead>
    <tbody>
{{#WEBHOOK}}      <tr id="webhook-{{WEBHOOK_ID}}">
        <td><code>{{WEBHOOK_URL}}</code><details><summary>Signing secret</summary><code>{{WEBHOOK_SECRET}}</code></details><span class="hint">Added by {{WEBHOOK_CREATED_BY}}, <time datetime="{{CREATED_ISO}}">{{CREATED_DISPLAY}}</time></span></td>
        <td>{{WEBHOOK_FORMAT}}</td>
        <td>{{WEBHOOK_SCOPE}}</td>
        <td>{{#PAUSED}}<strong>Paused</strong> since <time datetime="{{PAUSED_ISO}}">{{PAUSED_DISPLAY}}</time>: {{PAUSE_REASON}}{{/PAUSED}}{{#ACTIVE}}Active{{#FAILING}}, {{FAILURES}} failed attempt(s) in a row{{/FAILING}}{{/ACTIVE}}{{#LAST_ERROR}}<br><span class="hint">Last error: {{LAST_ERROR_TEXT}}</span>{{/LAST_ERROR}}</td>
        <td>{{#LAST_SUCCESS}}<time datetime="{{SUCCESS_ISO}}">{{SUCCESS_DISPLAY}}</time>{{/LAST_SUCCESS}}{{#NEVER}}none yet{{/NEVER}}</td>
        <td>
          <form method="post" action="/subscriptions">
            <input type="hidden" name="{{CSRF_FIELD}}" value="{{CSRF_TOKEN}}">
            <input type="hidden" name="id" value="{{WEBHOOK_ID}}">
{{#PAUSED}}            <button type="submit" name="action" value="resume">Resume</button>
{{/PAUSED}}{{#ACTIVE}}            <button type="submit" name="action" value="pause">Pause</button>
{{/ACTIVE}}            <button type="submit" name="action" value="delete">Delete</button>
          </form>
        </td>
      </tr>
{{/WEBHOOK}}    </tbody>
  </table>
{{/HAS_WEBHOOKS}}
  <h3 id="add-heading">Add an endpoint</h3>
{{#ERRORS}}  <p class="form-errors" role="alert">Nothing was saved: {{ERROR_COUNT}} field(s) need attention.</p>
{{/ERRORS}}  <form class="operator-form webhook-form" method="post" action="/subscriptions" aria-labelledby="add-heading">
    <input type="hidden" name="{{CSRF_FIELD}}" value="{{CSRF_TOKEN}}">
    <input type="hidden" name="action" value="add">
    <div class="field">
      <label for="url">URL</label>
      <input id="url" name="url" type="url" required maxlength="2000" value="{{URL_VALUE}}" aria-describedby="url-hint error-url">
      <span class="hint" id="url-hint">{{URL_RULE}}</span>
{{#URL_ERROR}}      <p class="field-error" id="error-url">{{URL_ERROR_TEXT}}</p>
{{/URL_ERROR}}    </div>
    <div class="field">
      <label for="format">Payload</label>
      <select id="format" name="format" aria-describedby="error-format">
{{#FORMAT_CHOICE}}        <option value="{{FORMAT_KEY}}"{{#FORMAT_SELECTED}} selected{{/FORMAT_SELECTED}}>{{FORMAT_TEXT}}</option>
{{/FORMAT_CHOICE}}      </select>
{{#FORMAT_ERROR}}      <p class="field-error" id="error-format">{{FORMAT_ERROR_TEXT}}</p>
{{/FORMAT_ERROR}}    </div>
{{>SCOPE_FIELDS}}
    <p><button type="submit">Add endpoint</button></p>
  </form>
</section>

<section aria-labelledby="log-heading">
  <h2 id="log-heading">Delivery log</h2>
  <p class="notice">The latest deliveries to subscribers and endpoints, newest first.{{#FILTERED}} Showing {{FILTER_STATE}} only: <a href="/subscriptions#log-heading">show all</a>.{{/FILTERED}}</p>
  <p>Show: {{#STATE_LINK}}<a href="/subscriptions?state={{STATE_KEY}}#log-heading">{{STATE_KEY}} ({{STATE_COUNT}})</a>{{#STATE_LINK_separator}} · {{/STATE_LINK_separator}}{{/STATE_LINK}}</p>
{{#NO_DELIVERIES}}  <p class="notice">Nothing has been delivered yet.</p>
{{/NO_DELIVERIES}}{{#HAS_DELIVERIES}}  <table class="deliveries">
    <thead><tr><th scope="col">Queued</th><th scope="col">Event</th><th scope="col">To</th><th scope="col">State</th><th scope="col">Attempts</th><th scope="col">Last error</th><th scope="col">Actions</th></tr></thead>
    <tbody>
{{#DELIVERY}}      <tr>
        <td><time datetime="{{QUEUED_ISO}}">{{QUEUED_DISPLAY}}</time></td>
        <td>{{EVENT_KIND}} <a href="/incidents/{{EVENT_INCIDENT_ID}}">#{{EVENT_INCIDENT_ID}}</a> {{EVENT_TITLE}}</td>
        <td>{{DELIVERY_CHANNEL}}: <code>{{DELIVERY_TO}}</code></td>
        <td>{{DELIVERY_STATE}}{{#SENT}} <time datetime="{{SENT_ISO}}">{{SENT_DISPLAY}}</time>{{/SENT}}{{#NEXT}} (next try <time datetime="{{NEXT_ISO}}">{{NEXT_DISPLAY}}</time>){{/NEXT}}</td>
        <td>{{DELIVERY_ATTEMPTS}}</td>
        <td>{{DELIVERY_ERROR}}</td>
        <td>{{#RESEND}}<form method="post" action="/subscriptions">
            <input type="hidden" name="{{CSRF_FIELD}}" value="{{CSRF_TOKEN}}">
            <input type="hidden" name="id" value="{{DELIVERY_ID}}">
            <button type="submit" name="action" value="resend">Resend</button>
          </form>{{/RESEND}}</td>
      </tr>
{{/DELIVERY}}    </tbody>
  </table>
{{/HAS_DELIVERIES}}</section>
{{>FOOTER}}
