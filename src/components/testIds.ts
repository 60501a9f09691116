export const testIds = {
  appConfig: {
    form: 'data-testid ac-form',
    submit: 'data-testid ac-submit-form',
  },
  detections: {
    container: 'data-testid detections-container',
  },
  coverage: {
    container: 'data-testid coverage-container',
  },
};
