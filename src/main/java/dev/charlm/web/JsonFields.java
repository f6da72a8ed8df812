package dev.charlm.web;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON members of a record in declaration order, with the members of {@link JsonUnwrapped}
 * components in place of the component (as the training options' groups are written). Jackson's
 * own error reports list only an object's direct properties.
 */
final class JsonFields {

    private JsonFields() {
    }

    static List<String> of(Class<?> record) {
        List<String> names = new ArrayList<>();
        add(record, names);
        return names;
    }

    /** The component's field, which carries annotations written on the component. */
    static Field field(Class<?> type, String name) {
        try {
            return type.getDeclaredField(name);
        } catch (NoSuchFieldException e) {
            return null;
        }
    }

    static boolean unwrapped(Field f) {
        return f != null && f.isAnnotationPresent(JsonUnwrapped.class);
    }

    private static void add(Class<?> record, List<String> names) {
        for (RecordComponent c : record.getRecordComponents()) {
            Field f = field(record, c.getName());
            if (unwrapped(f) && c.getType().isRecord()) {
                add(c.getType(), names);
            } else if (f == null || !f.isAnnotationPresent(JsonIgnore.class)) {
                names.add(c.getName());
            }
        }
    }
}
