package dev.charlm.export;

import dev.charlm.engine.kernel.Precision;
import dev.charlm.engine.nn.LanguageModel;
import dev.charlm.engine.nn.ModelConfig;
import dev.charlm.engine.train.TrainingConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * {@code ?format=safetensors}: the weights as PyTorch's {@code state_dict} ({@link StateDict}) in the
 * safetensors format, with the metadata PyTorch needs to build the modules and CharLM needs to import
 * the model exactly ({@link SafetensorsMetadata}). A float32 model is written as F32, a float64 one as
 * F64, so neither is rounded (PyTorch loads both; call {@code .double()} on the modules for F64).
 */
@Component
class SafetensorsExporter implements ModelExporter {

    @Override
    public String format() {
        return "safetensors";
    }

    @Override
    public String mediaType() {
        return "application/octet-stream";
    }

    @Override
    public String extension() {
        return "safetensors";
    }

    @Override
    public void write(LanguageModel model, TrainingConfig config, OutputStream out) throws IOException {
        ModelConfig c = model.config();
        Dtype dtype = model.weights().precision() == Precision.FLOAT64 ? Dtype.F64 : Dtype.F32;
        List<SafetensorsWriter.Tensor> tensors = new ArrayList<>();
        for (StateDict.Entry e : StateDict.layout(c)) {
            tensors.add(new SafetensorsWriter.Tensor(e.name(), dtype, e.shape(), e.elements(),
                    i -> StateDict.value(model.weights(), e, i)));
        }
        SafetensorsWriter.write(SafetensorsMetadata.of(model), tensors, out);
    }
}
