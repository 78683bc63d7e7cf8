package dev.stowage.spring;

import dev.stowage.BlobStore;
import java.util.Map;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Registers one {@link BlobStore} bean per configured store, named after it and qualified with its name, made by
 * {@link StowageStores#store(String)}. The registry closes the stores, so the beans have no destroy method of
 * their own.
 */
final class StoreBeansRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware {
    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
        Map<String, StowageProperties.Store> stores = Binder.get(environment)
                .bind("stowage.stores", Bindable.mapOf(String.class, StowageProperties.Store.class))
                .orElse(Map.of());
        for (String name : stores.keySet()) {
            if (registry.containsBeanDefinition(name)) {
                continue; // the application defined a bean of that name itself: it wins
            }
            RootBeanDefinition bean = new RootBeanDefinition(BlobStore.class);
            bean.setFactoryBeanName(StowageAutoConfiguration.STORES_BEAN);
            bean.setFactoryMethodName("store");
            bean.getConstructorArgumentValues().addIndexedArgumentValue(0, name);
            bean.addQualifier(new AutowireCandidateQualifier(Qualifier.class, name));
            bean.setDestroyMethodName("");
            bean.setLazyInit(true);
            registry.registerBeanDefinition(name, bean);
        }
    }
}
