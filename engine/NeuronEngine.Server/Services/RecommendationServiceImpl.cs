using NeuronEngine.Contracts.V1;

namespace NeuronEngine.Server.Services;

/// <summary>
/// neuron.v1.RecommendationService, mapped now so reflection lists its methods; each answers UNIMPLEMENTED
/// (the generated base's behaviour) until the serving issue implements it.
/// </summary>
internal sealed class RecommendationServiceImpl : RecommendationService.RecommendationServiceBase;
