{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>Audit log</h1>
<p class="notice">Every change operators made through the forms and every write of the monitoring API, newest first.</p>
{{#NO_ENTRIES}}<p class="notice">Nothing has been changed yet.</p>
{{/NO_ENTRIES}}
<table class="audit">
  <thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">What</th><th scope="col">Event</th><th scope="col">Changes</th></tr></thead>
  <tbody>
{{#ENTRY}}    <tr>
      <td><time datetime="{{AT_ISO}}">{{AT_DISPLAY}}</time></td>
      <td>{{AUTHOR}} <span class="audit-source">({{SOURCE}})</span></td>
      <td>{{ACTION}}</td>
      <td>{{#INCIDENT}}<a href="/incidents/{{INCIDENT_ID}}">#{{INCIDENT_ID}}</a>{{/INCIDENT}}</td>
      <td><pre class="audit-changes">{{CHANGES}}</pre></td>
    </tr>
{{/ENTRY}}  </tbody>
</table>
{{#MORE}}<p><a href="/audit?before={{BEFORE:u}}">Older entries</a></p>
{{/MORE}}
{{>FOOTER}}
