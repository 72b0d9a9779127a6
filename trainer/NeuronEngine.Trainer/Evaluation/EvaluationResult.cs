namespace NeuronEngine.Trainer.Evaluation;

/// <summary>Full-ranking metrics of one scorer on one eval set, each averaged over the eval users.</summary>
/// <param name="Scorer">The scorer's name.</param>
/// <param name="Ndcg10">NDCG@10, binary relevance, ideal DCG over min(10, |held-out|).</param>
/// <param name="Recall20">Recall@20: hits in the top 20 / min(20, |held-out|).</param>
/// <param name="HitRate10">HR@10: the share of users with at least one held-out item in their top 10.</param>
/// <param name="Users">Eval users averaged over (those with at least one held-out item).</param>
/// <param name="Items">Items ranked per user (the catalog size, before removing training items).</param>
internal sealed record EvaluationResult(string Scorer, double Ndcg10, double Recall20, double HitRate10, int Users, int Items);
