export const testIds = {
  appConfig: {
    apiKey: 'data-testid ac-api-key',
    apiUrl: 'data-testid ac-api-url',
    submit: 'data-testid ac-submit-form',
  },
  detections: {
    container: 'data-testid detections-container',
  },
  coverage: {
    container: 'data-testid coverage-container',
  },
};
