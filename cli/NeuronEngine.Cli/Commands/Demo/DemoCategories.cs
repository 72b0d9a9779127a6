namespace NeuronEngine.Cli.Commands.Demo;

/// <summary>The demo shop's departments and the words its product titles are made of.</summary>
internal static class DemoCategories
{
    /// <summary>Department name, item id prefix, and nouns for titles.</summary>
    public static readonly (string Name, string Slug, string[] Nouns)[] All =
    [
        ("Running", "run", ["Trail Shoe", "Race Singlet", "Hydration Vest", "Running Tights", "GPS Watch", "Headlamp"]),
        ("Kitchen", "kit", ["Chef's Knife", "Cast Iron Pan", "Dutch Oven", "Pepper Mill", "Cutting Board", "Stand Mixer"]),
        ("Books", "book", ["Mystery Novel", "Cookbook", "Sci-Fi Saga", "Travel Guide", "Biography", "Poetry Collection"]),
        ("Gaming", "game", ["Controller", "Mechanical Keyboard", "Headset", "Strategy Game", "Racing Wheel", "Gaming Mouse"]),
        ("Garden", "gard", ["Pruning Shears", "Seed Kit", "Watering Can", "Raised Bed", "Compost Bin", "Garden Hose"]),
        ("Audio", "aud", ["Turntable", "Bookshelf Speaker", "Noise-Cancelling Headphones", "DAC", "Soundbar", "Earbuds"]),
        ("Outdoor", "out", ["Tent", "Sleeping Bag", "Camp Stove", "Trekking Poles", "Backpack", "Water Filter"]),
        ("Toys", "toy", ["Building Set", "Puzzle", "Plush Bear", "Model Train", "Board Game", "Kite"]),
        ("Beauty", "beau", ["Face Serum", "Hair Dryer", "Lip Balm", "Sunscreen", "Perfume", "Nail Kit"]),
        ("Office", "off", ["Desk Lamp", "Ergonomic Chair", "Notebook", "Fountain Pen", "Monitor Arm", "Standing Desk"]),
        ("Photo", "pho", ["Mirrorless Camera", "Prime Lens", "Tripod", "Camera Bag", "Flash", "ND Filter"]),
        ("Cycling", "cyc", ["Road Bike", "Bike Helmet", "Cycling Jersey", "Bike Light", "Saddle Bag", "Pedals"]),
    ];

    /// <summary>Title adjectives, combined with a noun and a model number.</summary>
    public static readonly string[] Adjectives =
    [
        "Classic", "Pro", "Compact", "Ultralight", "Deluxe", "Essential", "Vintage", "Smart", "Everyday", "Premium", "Studio", "Trail",
    ];
}
