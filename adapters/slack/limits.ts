/**
 * Block Kit's documented limits, in one place: the renderers stay within them and the tests check
 * every view and message against them.
 */
export const LIMITS = {
  blocksPerMessage: 50,
  blocksPerModal: 100,
  blocksPerHome: 100,
  modalTitle: 24,
  modalButton: 24,
  buttonText: 75,
  optionText: 75,
  optionValue: 150,
  optionsPerSelect: 100,
  optionGroups: 100,
  sectionText: 3000,
  sectionFieldText: 2000,
  sectionFields: 10,
  headerText: 150,
  contextElements: 10,
  contextText: 2000,
  inputLabel: 2000,
  inputHint: 2000,
  placeholder: 150,
  plainTextInitial: 3000,
  actionsPerBlock: 25,
  overflowOptions: 5,
  actionId: 255,
  blockId: 255,
  buttonValue: 2000,
  privateMetadata: 3000,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  /** Message `text` (the notification fallback); Slack truncates beyond 40,000 characters. */
  messageText: 4000,
} as const;
