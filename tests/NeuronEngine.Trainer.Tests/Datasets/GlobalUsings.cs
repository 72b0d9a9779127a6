global using NeuronEngine.Trainer.Datasets;
