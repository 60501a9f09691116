import React from 'react';

// NOTE: placeholder until the runbook page lands; App.tsx routes /runbook/:detectionId here.
export default function RunbookPage() {
  return <div>Runbook</div>;
}
