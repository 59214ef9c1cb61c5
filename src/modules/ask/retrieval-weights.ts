// Weights of the learned turn ranking, one per TURN_FEATURES entry in retrieval.ts (bias, score, own, coverage, near1,
// near3, density8, speaker, otherSpeaker, length, rank, density20, union5, union15). Fitted by scripts/train-qmsum.mjs
// on the QMSum train split only (listwise softmax loss; L2 0.001 chosen by two-fold cross-validation over train
// meetings: hit@1 50.8 / hit@5 79.4 vs 48.2 / 77.9 for the plain score). null: rank by the plain concept-group score.
export const LEARNED_WEIGHTS: readonly number[] | null = [0, 0.653, 1.149, 2.113, 1.58, -0.255, 1.25, 1.284, -1.284, 0.775, 0.36, 2.419, 0.616, 1.701];
