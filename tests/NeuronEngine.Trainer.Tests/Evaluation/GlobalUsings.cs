global using NeuronEngine.Trainer.Evaluation;
