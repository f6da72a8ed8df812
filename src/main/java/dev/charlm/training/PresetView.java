package dev.charlm.training;

/** A preset as {@code GET /presets} lists it: its name, what it reproduces, and the options it sets. */
record PresetView(String name, String description, String source, TrainingRequest options) {

    static PresetView of(Presets.Preset p) {
        return new PresetView(p.name(), p.description(), p.source(), p.options());
    }
}
